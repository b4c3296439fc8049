"""The warm preview's "save to updated page": `python benchmarks/bench.py --preview` (or after the builds).

Starts `make devserver`'s preview (plugins/transparency/devserver.py, with Pagefind as the Makefile runs it)
on the synthetic site written by national_site.py, waits for its first build, then, `runs` times each:
changes one value in a CSV (change_one_value: council 1's social worker caseload in its latest audit) and,
separately, edits that audit's article (a sentence added), and times from just before the file is written
until the page served over HTTP shows the new text, polling every 20 ms. Before each change it waits for the
search index of the last build, so each save meets a quiet preview. With --profile every rebuild of the
preview runs under cProfile (slower) and the profile of the last one is printed.
"""

import io
import os
import pstats
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from benchmarks.national_site import AUDITS, Council, change_one_value

ROOT = Path(__file__).resolve().parent.parent
DEVSERVER = ROOT / "plugins" / "transparency" / "devserver.py"
PAGEFIND = (
    f"{sys.executable} -m pagefind --quiet --root-selector main "
    "--glob '{index.html,*/index.html,*/*/index.html}' --site"
)
GOAL = 1.0  # seconds, at 150 councils (issue 15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """The devserver running on a site, its output kept line by line."""

    def __init__(self, root: Path, profile: Path | None) -> None:
        self.port = free_port()
        command = [sys.executable, str(DEVSERVER), "--settings", "benchconf.py", "--port", str(self.port)]
        command += ["--pagefind", PAGEFIND] + (["--profile", str(profile)] if profile else [])
        environment = {**os.environ, "COLUMNS": "500"}
        self.process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
        )
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, start: str, after: int, timeout: float = 1800) -> int:
        """The index of the first line from `after` on that starts with `start`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for number in range(after, len(self.lines)):
                    if self.lines[number].startswith(start):
                        return number
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"The preview printed no {start!r}:\n" + "\n".join(self.lines))
                self.changed.wait(1)

    def page(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")

    def time_until(self, path: str, text: str, change: Callable[[], None]) -> float:
        start = time.perf_counter()
        change()
        while text not in self.page(path):
            if time.perf_counter() - start > 600:
                raise SystemExit(f"{path} never showed {text!r}:\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.02)
        return time.perf_counter() - start

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def measure_preview(root: Path, runs: int, log: Callable[[str], None], profile: bool = False) -> dict:
    """Seconds from save to updated page, for each run of each kind of change; and the last profile."""
    audit = Council(1).audit(AUDITS[-1][0])
    page = f"publications/{audit}/index.html"
    article = next((root / "content").rglob(f"{audit}.md"))
    timings: dict[str, list[float]] = {"one value": [], "one article": []}
    with tempfile.TemporaryDirectory(prefix="preview-profile-") as folder:
        stats = Path(folder) / "rebuild.prof"
        log("Preview: starting the devserver and its first build")
        preview = Preview(root, stats if profile else None)
        try:
            preview.wait_for("Watching", 0)
            seen = 0
            for run in range(1, runs + 1):
                for kind in timings:
                    # A quiet preview: the last build's search index is made before the next save.
                    seen = preview.wait_for("Search index updated", seen) + 1
                    # New text, never on the page before: else the first poll would find it at once.
                    shown, token = preview.page(page), time.time_ns() % 10**6
                    numbers = (f"{n / 10:.1f}" for n in range(100, 1000))
                    number = next(n for n in numbers if f"caseload of {n} cases" not in shown)
                    if kind == "one value":
                        text = f"caseload of {number} cases"
                        change = lambda n=number: change_one_value(root, n)  # noqa: E731
                    else:
                        text = f"Edited for the preview benchmark, run {run}, {token}."
                        edited = article.read_text(encoding="utf-8") + f"\n{text}\n"
                        change = lambda e=edited: article.write_text(e, encoding="utf-8")  # noqa: E731
                    log(f"Preview run {run} of {runs}: {kind} changed")
                    timings[kind].append(preview.time_until(page, text, change))
            seen = preview.wait_for("Search index updated", seen)
        finally:
            preview.stop()
        said = [line for line in preview.lines if line.startswith("Swapped in")]
        text = io.StringIO()
        if profile and stats.exists():
            ours = r"^(?!.*<module>).*(transparency|pelican/|jinja2/environment|markdown/core)"
            pstats.Stats(str(stats), stream=text).sort_stats("cumulative").print_stats(ours, 35)
    return {"timings": timings, "swapped": said[-1] if said else "", "profile": text.getvalue()}


def preview_report(measured: dict, councils: int) -> list[str]:
    lines = ["", f"{'warm preview (make devserver), save to updated page':<48} {'median s':>9}   range s"]
    for kind, seconds in measured["timings"].items():
        ordered = sorted(seconds)
        label = f"preview, {kind} changed"
        lines.append(f"{label:<48} {statistics.median(ordered):>9.2f}   {ordered[0]:.2f}-{ordered[-1]:.2f}")
    lines.append(f"the preview's last rebuild: {measured['swapped']}")
    worst = max(statistics.median(seconds) for seconds in measured["timings"].values())
    scale = "" if councils == 150 else f" (goal is at 150 councils; this is {councils})"
    if measured["profile"]:
        lines.append("(--profile: every rebuild ran under cProfile, so these times are slower than without)")
    label = f"preview save-to-page <= {GOAL:g} s{scale}"
    lines.append(f"{label:<62} {worst:>7.2f} s {GOAL:>6g} s  {'yes' if worst <= GOAL else 'NO'}")
    return lines + ([measured["profile"]] if measured["profile"] else [])


def preview(root: Path, councils: int, runs: int, log: Callable[[str], None], profile: bool = False) -> str:
    """The report's lines for the preview of the site written in root."""
    return "\n".join(preview_report(measure_preview(root, runs, log, profile), councils))


if __name__ == "__main__":  # on a site written before: python -m benchmarks.preview DIR COUNCILS
    # --profile: cProfile every rebuild (which slows each of them, so the figures with it are not the goal's)
    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    print(preview(Path(sys.argv[1]), int(sys.argv[2]), 2, log, "--profile" in sys.argv))
