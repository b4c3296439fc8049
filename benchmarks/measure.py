"""Run and time the builds of a synthetic site written by national_site.py, sampling their memory.

Each way: a plain Pelican build of the same articles without the plugin; a sequential run of raw vl-convert
over the same Vega-Lite specs (SVG, and PNG at scale 2); our cold build (empty caches), optionally also
converting in the build's own process; a rebuild with nothing changed; a rebuild after one figure changed
(both as `make html` runs Pelican: into a new folder, carrying over each file whose inputs are unchanged).
The peak memory of a build is the summed RSS of its processes, sampled every 50 ms, or the kernel's peak.
"""

import contextlib
import functools
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.national_site import change_one_value
from plugins.transparency import standby
from plugins.transparency.sitebuild import exchange


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the largest sum of the RSS of the build's processes, sampled, or the kernel's peak
    stdout: str = ""


def tree_rss(pid: int) -> int:
    """The summed resident memory of a process and its descendants, from /proc (Linux)."""
    page = os.sysconf("SC_PAGE_SIZE")
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError, IndexError):  # a process that has just ended
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
        stack.extend(parents.get(current, ()))
    return total


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a command, timing it and sampling its processes' memory; fail loudly if it fails."""
    # A wide console keeps Pelican's messages, and our summary line, on whole lines.
    env = {**(env or os.environ), "COLUMNS": "500"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout}\n{stderr}")
    # ru_maxrss: the largest single process of the tree, in KiB; a safety net for very short runs.
    return Run(seconds, max(peak, usage.ru_maxrss * 1024), stdout)


def pelican(root: Path, settings: str, output: Path, previous: Path | None = None) -> list[str]:
    """Pelican's command; with previous, files made from unchanged inputs are carried over from it, and
    output may be the standby folder holding the site before last (standby.py), as make html's is."""
    command = [sys.executable, "-m", "pelican", "--fatal", "errors", "-s", str(root / settings)]
    carrying = [f"TRANSPARENCY_PREVIOUS_OUTPUT={json.dumps(str(previous))}", "TRANSPARENCY_STANDBY=true"]
    return [*command, *(["-e", *carrying] if previous else []), "-o", str(output)]


def site_build(root: Path, first: bool = False, env: dict | None = None) -> Run:
    """Our build as `make html` runs Pelican: into out.new/, which holds the site before last, carrying each
    file made from unchanged inputs over from out/ (hard links, or left in place), then exchanged with out/
    (untimed, as sitebuild.py's swap is one rename) and out.new/ pruned to the standby (timed: make html
    does it before it returns).
    first: a build with nothing to carry from (out/, out.new/ and the manifest are deleted first), which
    writes the manifest the next build carries from."""
    out, new = root / "out", root / "out.new"
    manifest, new_manifest = root / ".out.outputs.json", root / ".out.new.outputs.json"
    if first:
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        manifest.unlink(missing_ok=True)
    new_manifest.unlink(missing_ok=True)
    run = measure(pelican(root, "benchconf.py", new, previous=out), root, env)
    manifest.unlink(missing_ok=True)
    if out.exists():
        exchange(new, out)
    else:
        os.rename(new, out)
    os.replace(new_manifest, manifest)
    started = time.perf_counter()
    standby.prune(new, out)
    run.seconds += time.perf_counter() - started
    return run


ROOT = Path(__file__).resolve().parent.parent
SITEBUILD = [
    sys.executable,
    str(ROOT / "plugins" / "transparency" / "sitebuild.py"),
    *("--pagefind", "true", "siteconf.py"),
]
# A folder laid out as a council's project is for `make html`: its settings (benchconf.py's, loaded from
# the site's folder, so content/, data/ and the cache stay there), and output/ beside them. The bench's own
# outputs (out/, out-plain/) are not in it, so the inputs sitebuild.py takes are what a project's would be.
SITECONF = """import importlib.util
_spec = importlib.util.spec_from_file_location("benchconf", {benchconf!r})
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
globals().update({{name: value for name, value in vars(_bench).items() if name.isupper()}})
"""


def make_html_folder(root: Path) -> Path:
    folder = root / "make-html"
    folder.mkdir(exist_ok=True)
    conf = SITECONF.format(benchconf=str(root / "benchconf.py"))
    (folder / "siteconf.py").write_text(conf, encoding="utf-8")
    return folder


RAW = """
import json, sys, vl_convert
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*/*.vl.json")):
    spec = json.loads(path.read_text(encoding="utf-8"))
    vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[])
"""


@dataclass
class Results:
    runs: dict[str, list[Run]] = field(default_factory=dict)
    seeded: Run | None = None  # growth.py --quick: a first build started from a smaller site's chart cache

    def add(self, name: str, run: Run) -> None:
        self.runs.setdefault(name, []).append(run)

    def seconds(self, name: str) -> float:
        return statistics.median(run.seconds for run in self.runs[name])

    def peak(self, name: str) -> int:
        return max(run.peak_rss for run in self.runs[name])


def benchmark(
    root: Path,
    runs: int,
    log: Callable[[str], None],
    one_process: bool = False,
    also: Callable[[int, str, Results], None] | None = None,
) -> Results:
    """Build the site written in root every way, `runs` times, interleaved: a busy machine slows all alike.
    also: another site's build of the same kind, run beside each cold, nothing-changed and one-value build
    (given the run's number, the build's name and the results), so that the two are timed alike: after the
    site's own in odd runs, before it in even ones, so neither always goes first."""
    results = Results()

    def paired(run: int, name: str, build: Callable[[], Run]) -> None:
        if also and run % 2 == 0:
            also(run, name, results)
        results.add(name, build())
        if also and run % 2 == 1:
            also(run, name, results)

    builds = [("cold", {})] + (
        [("cold, one process", {"TRANSPARENCY_RENDER_WORKERS": "1"})] if one_process else []
    )
    for run in range(1, runs + 1):
        log(f"Run {run} of {runs}: plain Pelican")
        results.add("plain", measure(pelican(root, "plainconf.py", root / "out-plain"), root))
        for name, environment in builds:
            log(f"Run {run} of {runs}: {name} build")
            # Empty caches: chart images and specs, validated tables (cache/, and .cache/ where the build
            # runs, should the settings leave the cache in its default place). Both are inside root.
            shutil.rmtree(root / "cache", ignore_errors=True)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            build = functools.partial(site_build, root, first=True, env={**os.environ, **environment})
            if name == "cold":
                paired(run, name, build)
            else:
                results.add(name, build())
        log(f"Run {run} of {runs}: raw vl-convert over the same specs")
        results.add("raw", measure([sys.executable, "-c", RAW, str(root / "out" / "charts")], root))
        log(f"Run {run} of {runs}: rebuild, nothing changed")
        paired(run, "unchanged", lambda: site_build(root))
        # The same through `make html`'s sitebuild.py, which skips a build whose inputs are all unchanged: a
        # first build records them (Pagefind left out: `true` stands in), the second is the one timed.
        log(f"Run {run} of {runs}: rebuild through sitebuild.py (make html), nothing changed")
        folder = make_html_folder(root)
        measure(SITEBUILD, folder)
        results.add("unchanged, make html", measure(SITEBUILD, folder))
        log(f"Run {run} of {runs}: rebuild, one value changed")
        change_one_value(root, f"{50 + run}.{run}")
        paired(run, "one-value", lambda: site_build(root))
    return results


def profile(root: Path, log: Callable[[str], None]) -> str:
    """Where a nothing-changed rebuild spends its time: cProfile's heaviest calls of Pelican and ours."""
    log("Profiling a rebuild with nothing changed")
    stats = root / "rebuild.prof"
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(stats),
        *pelican(root, "benchconf.py", root / "out.new", previous=root / "out")[1:],
    ]
    measure(command, root)
    text = io.StringIO()
    ours = r"^(?!.*<module>).*(transparency|pelican/(generators|readers|writers)|frictionless)"
    pstats.Stats(str(stats), stream=text).sort_stats("cumulative").print_stats(ours, 30)
    return text.getvalue()
