"""Benchmark the build on a synthetic national site, side by side with the limits it should approach.

`make bench` (or `python benchmarks/bench.py --councils 150 --runs 3`) writes, in a temporary folder, a site
with the shapes of our real data for many councils: per council three caseload audits with a chart of team
caseloads and one of role caseloads each, and an FOI response with a yearly children's caseload trend
(7 charts and 4 articles per council, so 150 councils give 1,050 charts and 600 articles). It then measures,
as medians over the runs:

- a plain Pelican build of the same articles with the shortcodes replaced by their text, without the plugin;
- a sequential run of raw vl-convert over the same Vega-Lite specs (SVG, and PNG at scale 2);
- our cold build (empty caches), a rebuild with nothing changed, a rebuild after one figure changed;
- the peak memory of each build (the summed RSS of the build's processes, sampled, and the kernel's peak);

and prints them with the ratios the project aims for (see the Performance section of the README).
"""

import argparse
import contextlib
import io
import json
import os
import pstats
import random
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

ROOT = Path(__file__).resolve().parent.parent

AUDITS = (  # (id suffix, short title, period start, period end, period label)
    ("2019-20", "2019/20 audit", "2019-07-01", "2019-09-30", "July to September 2019"),
    ("2023-24", "2023/24 audit", "2022-07-01", "2023-06-30", "July 2022 to June 2023 (rolling 12 months)"),
    ("2024-25", "2024/25 audit", "2024-08-01", "2025-07-31", "August 2024 to July 2025 (rolling 12 months)"),
)
TEAMS = (
    "Older People Team",
    "Adult Disability Team",
    "Occupational Therapy Team",
    "Hospital Discharge Team",
    "Mental Health Team",
    "Visual and Hearing Impairment Team",
    "Transforming Care Team",
)
ROLES = (
    "Social worker",
    "Community case worker",
    "Occupational therapist",
    "Occupational therapist assistant",
)
YEARS = tuple(range(2017, 2023))
CHARTS_PER_COUNCIL = len(AUDITS) * 2 + 1
PROSE = (
    "Good caseload management and supervision processes are critical to maintaining effective "
    "strength-based practice. We need to ensure, and be able to demonstrate, that staff are maintaining "
    "caseloads of suitable sizes and complexities. Caution should always be used when looking at caseload "
    "numbers in isolation as this does not demonstrate any potential case weighting."
)
# The figure the "one value changed" rebuild edits: council 1's social worker caseload in its latest audit.
CHANGED_ROLE = ROLES[0]

# --- the synthetic site ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Council:
    number: int

    @property
    def slug(self) -> str:
        return f"council-{self.number:03d}"

    @property
    def name(self) -> str:
        return f"Council {self.number:03d}"

    def audit(self, suffix: str) -> str:
        return f"{self.slug}-asc-audit-{suffix}"

    @property
    def foi(self) -> str:
        return f"{self.slug}-foi-children"


def figure(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dump_yaml(document: object) -> str:
    # JSON is YAML: no need for a YAML writer, and the files load with the project's own reader.
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def schema(*fields: tuple[str, str, str], key: list[str]) -> dict:
    described = []
    for name, kind, title in fields:
        entry = {"name": name, "title": title, "type": kind, "constraints": {"required": True}}
        if kind == "number":
            entry.update(unit="cases per worker", description=f"{title}.", constraints={"required": True})
            entry["constraints"]["minimum"] = 0
        described.append(entry)
    return {"fields": described, "primaryKey": key}


def generate_site(root: Path, councils: int, seed: int = 7) -> dict[str, str]:
    """Write data/, content/ (with shortcodes), content-plain/ (without) and both settings files into root.

    Returns each value shortcode's text, keyed by the shortcode, for the plain content.
    """
    rng = random.Random(seed)
    data, content, plain = root / "data", root / "content", root / "content-plain"
    resources, publications, charts = [], [], []
    values: dict[str, str] = {}
    for council in map(Council, range(1, councils + 1)):
        team_rows, role_rows = ["publication,team,average_caseload"], ["publication,role,average_caseload"]
        teams = TEAMS[: rng.randint(4, len(TEAMS))]
        for suffix, short_title, start, end, label in AUDITS:
            audit = council.audit(suffix)
            team_rows += [f"{audit},{team},{figure(rng, 8, 30)}" for team in teams]
            roles = {role: figure(rng, 10, 40) for role in ROLES}
            role_rows += [f"{audit},{role},{number}" for role, number in roles.items()]
            publications.append(
                {
                    "id": audit,
                    "kind": "audit",
                    "short_title": short_title,
                    "title": f"{council.name} Adult Social Care Caseload Audit {short_title[:7]}",
                    "publisher": council.name,
                    "published": None,
                    "period": {"start": start, "end": end, "label": label},
                    "methodology": "Average caseloads within teams over the audit period.",
                    "source_document": f"{council.name}, Adult Social Care Caseload and Workload Audit",
                    "reuse_terms": None,
                    "caveats": ["case-weighting"],
                }
            )
            for kind, dataset, label_field in (("team", "by-team", "team"), ("role", "by-role", "role")):
                charts.append(
                    {
                        "id": f"{audit}-{kind}",
                        "dataset": f"{council.slug}-adult-caseload-{dataset}",
                        "filter": {"publication": audit},
                        "kind": "bar",
                        "label": label_field,
                        "value": "average_caseload",
                        "title": f"Average caseload by {kind} in {council.name}, {short_title}",
                        "subtitle": f"Average caseload by {kind}, {council.name} adult social care, {label}",
                        "caveats": ["case-weighting"],
                    }
                )
            shortcode = f'{{{{ value {council.slug}-adult-caseload-by-role {audit} "{CHANGED_ROLE}" }}}}'
            values[shortcode] = roles[CHANGED_ROLE]
            body = "\n\n".join(
                [
                    f"{council.name} audits the caseloads of its adult social care teams. {PROSE}",
                    "## Findings",
                    f"{{{{ chart {audit}-team }}}}",
                    f"Social workers held an average caseload of {shortcode} cases over {label}.",
                    f"{{{{ chart {audit}-role }}}}",
                    "## Summary",
                    "\n".join(f"- {sentence.strip()}." for sentence in PROSE.split(".") if sentence.strip()),
                ]
            )
            write_article(root, f"audits/{council.slug}/{audit}.md", publications[-1], body, values)
        write(data / f"{council.slug}-adult-caseload-by-team.csv", "\n".join(team_rows) + "\n")
        write(data / f"{council.slug}-adult-caseload-by-role.csv", "\n".join(role_rows) + "\n")
        trend = {year: figure(rng, 12, 22) for year in YEARS}
        write(
            data / f"{council.slug}-children-caseload-per-fte.csv",
            "year,average_caseload_per_fte,publication\n"
            + "".join(f"{year},{number},{council.foi}\n" for year, number in trend.items()),
        )
        number = ("number", "Average caseload")
        resources += [
            {
                "name": f"{council.slug}-adult-caseload-by-team",
                "path": f"{council.slug}-adult-caseload-by-team.csv",
                "title": f"{council.name} adult social care average caseload by team",
                "schema": schema(
                    ("publication", "string", "Audit"),
                    ("team", "string", "Team"),
                    ("average_caseload", *number),
                    key=["publication", "team"],
                ),
            },
            {
                "name": f"{council.slug}-adult-caseload-by-role",
                "path": f"{council.slug}-adult-caseload-by-role.csv",
                "title": f"{council.name} adult social care average caseload by role",
                "schema": schema(
                    ("publication", "string", "Audit"),
                    ("role", "string", "Professional role"),
                    ("average_caseload", *number),
                    key=["publication", "role"],
                ),
            },
            {
                "name": f"{council.slug}-children-caseload-per-fte",
                "path": f"{council.slug}-children-caseload-per-fte.csv",
                "title": f"{council.name} children's social worker caseload per FTE",
                "schema": schema(
                    ("year", "integer", "Year"),
                    ("average_caseload_per_fte", "number", "Average caseload per FTE"),
                    ("publication", "string", "FOI response"),
                    key=["year"],
                ),
            },
        ]
        publications.append(
            {
                "id": council.foi,
                "kind": "foi-response",
                "title": f"{council.name} Freedom of Information response on children's caseloads",
                "publisher": council.name,
                "reference": f"FOI{council.number:09d}",
                "published": "2023-03-06",
                "period": {"start": "2017-01-01", "end": "2022-12-31", "label": "2017 to 2022"},
                "methodology": "Children's social worker caseload per full-time-equivalent worker, by year.",
                "source_document": f"{council.name}, Freedom of Information response",
                "reuse_terms": "You may re-use this information for private study and news reporting.",
            }
        )
        charts.append(
            {
                "id": f"{council.foi}-trend",
                "dataset": f"{council.slug}-children-caseload-per-fte",
                "kind": "line",
                "label": "year",
                "value": "average_caseload_per_fte",
                "title": f"Children's social worker caseload per FTE in {council.name}, 2017 to 2022",
                "subtitle": f"Average caseload per full-time-equivalent social worker, {council.name}",
            }
        )
        shortcode = f"{{{{ value {council.slug}-children-caseload-per-fte 2022 }}}}"
        values[shortcode] = trend[2022]
        body = "\n\n".join(
            [
                "You asked for the average social worker caseload in children's social care for each year "
                "from 2017 to 2022.",
                "## Children's social care",
                f"{{{{ chart {council.foi}-trend }}}}",
                f"In 2022 the average caseload per full-time-equivalent worker was {shortcode}.",
            ]
        )
        write_article(root, f"foi/{council.slug}/{council.foi}.md", publications[-1], body, values)

    package = {"name": "national-caseloads", "title": "Synthetic national caseloads", "resources": resources}
    write(data / "datapackage.yaml", dump_yaml(package))
    caveat = "Caution should always be used when looking at caseload numbers in isolation."
    write(
        data / "publications.yaml",
        dump_yaml({"caveats": {"case-weighting": caveat}, "publications": publications}),
    )
    write(data / "charts.yaml", dump_yaml({"charts": charts}))
    for name in ("about", "accessibility", "contact", "reuse"):
        page = f"Title: {name.title()}\nSlug: {name}\nSummary: The {name} page.\n\n{PROSE}\n"
        write(content / "pages" / f"{name}.md", page)
        write(plain / "pages" / f"{name}.md", page)
    write_settings(root)
    return values


def write_article(root: Path, path: str, publication: dict, body: str, values: dict[str, str]) -> None:
    """The article as the web team writes it, and as a plain Pelican site would need it: with the title,
    date and category that the plugin takes from publications.yaml, and each shortcode's figure as text."""
    summary = f"{publication['title']}, covering {publication['period']['label']}."
    write(root / "content" / path, f"Publication: {publication['id']}\nSummary: {summary}\n\n{body}\n")
    for shortcode, text in values.items():
        body = body.replace(shortcode, text)
    body = "\n\n".join(part for part in body.split("\n\n") if not part.startswith("{{ chart "))
    category = "Caseload audits" if publication["kind"] == "audit" else "FOI responses"
    front = (
        f"Title: {publication['title']}\nDate: {publication['published'] or publication['period']['end']}\n"
        f"Category: {category}\nSlug: {publication['id']}\nSummary: {summary}\n"
    )
    write(root / "content-plain" / path, f"{front}\n{body}\n")


SETTINGS = '''"""Settings of the benchmark's synthetic site: the project's own, pointed at this folder."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("project_pelicanconf", {project_conf!r})
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
globals().update({{name: value for name, value in vars(_project).items() if name.isupper()}})
HERE = Path(__file__).parent

SITENAME = "England social care caseloads (synthetic benchmark)"
COUNCIL_NAME = "Every English council"
PATH = str(HERE / {content!r})
TRANSPARENCY_DATA_PATH = str(HERE / "data")
TRANSPARENCY_CACHE_PATH = str(HERE / "cache")
TRANSPARENCY_CATEGORIES = {{"audit": "Caseload audits", "foi-response": "FOI responses"}}
'''
PLAIN = """
# Plain Pelican: no plugin, so no data, charts or publication objects; the theme's references to a
# publication render empty instead of failing.
from jinja2 import ChainableUndefined
from pelican.settings import DEFAULT_CONFIG

PLUGINS = []
JINJA_ENVIRONMENT = {**DEFAULT_CONFIG["JINJA_ENVIRONMENT"], "undefined": ChainableUndefined}
"""


def write_settings(root: Path) -> None:
    conf = str(ROOT / "pelicanconf.py")
    write(root / "benchconf.py", SETTINGS.format(project_conf=conf, content="content"))
    write(root / "plainconf.py", SETTINGS.format(project_conf=conf, content="content-plain") + PLAIN)


def change_one_value(root: Path, number: str) -> None:
    """Set council 1's social worker caseload in its latest audit: one chart and one page change."""
    council = Council(1)
    path = root / "data" / f"{council.slug}-adult-caseload-by-role.csv"
    audit = council.audit(AUDITS[-1][0])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        f"{audit},{CHANGED_ROLE},{number}" if line.startswith(f"{audit},{CHANGED_ROLE},") else line
        for line in lines
    ]
    write(path, "\n".join(lines) + "\n")


# --- measuring ------------------------------------------------------------------------------------


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


def pelican(root: Path, settings: str, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pelican",
        "--fatal",
        "errors",
        "-s",
        str(root / settings),
        "-o",
        str(output),
    ]


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

    def add(self, name: str, run: Run) -> None:
        self.runs.setdefault(name, []).append(run)

    def seconds(self, name: str) -> float:
        return statistics.median(run.seconds for run in self.runs[name])

    def peak(self, name: str) -> int:
        return max(run.peak_rss for run in self.runs[name])


def benchmark(
    root: Path, councils: int, runs: int, log: Callable[[str], None], one_process: bool = False
) -> Results:
    """Build the synthetic site every way, `runs` times, interleaved: a busy machine slows all alike."""
    log(f"Writing a synthetic site of {councils} councils in {root}")
    generate_site(root, councils)
    results = Results()
    builds = [("cold", {})] + (
        [("cold, one process", {"TRANSPARENCY_RENDER_WORKERS": "1"})] if one_process else []
    )
    for run in range(1, runs + 1):
        log(f"Run {run} of {runs}: plain Pelican")
        results.add("plain", measure(pelican(root, "plainconf.py", root / "out-plain"), root))
        for name, environment in builds:
            log(f"Run {run} of {runs}: {name} build")
            # Empty caches: chart images and specs, and validated tables (.cache/, where the build runs).
            shutil.rmtree(root / "cache", ignore_errors=True)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            command = pelican(root, "benchconf.py", root / "out")
            results.add(name, measure(command, root, {**os.environ, **environment}))
        log(f"Run {run} of {runs}: raw vl-convert over the same specs")
        results.add("raw", measure([sys.executable, "-c", RAW, str(root / "out" / "charts")], root))
        log(f"Run {run} of {runs}: rebuild, nothing changed")
        results.add("unchanged", measure(pelican(root, "benchconf.py", root / "out"), root))
        log(f"Run {run} of {runs}: rebuild, one value changed")
        change_one_value(root, f"{50 + run}.{run}")
        results.add("one-value", measure(pelican(root, "benchconf.py", root / "out"), root))
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
        *pelican(root, "benchconf.py", root / "out")[1:],
    ]
    measure(command, root)
    text = io.StringIO()
    ours = r"^(?!.*<module>).*(transparency|pelican/(generators|readers|writers)|frictionless)"
    pstats.Stats(str(stats), stream=text).sort_stats("cumulative").print_stats(ours, 30)
    return text.getvalue()


@dataclass(frozen=True)
class Goal:
    name: str
    value: float
    limit: float
    unit: str  # "x" for a ratio, else the unit of both figures

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        if self.unit == "x":
            measured, limit = f"{self.value:.2f}x", f"{self.limit:g}x"
        else:
            measured, limit = f"{self.value:.0f} {self.unit}", f"{self.limit:g} {self.unit}"
        return f"{self.name:<62} {measured:>9} {limit:>8}  {'yes' if self.met else 'NO'}"


def goals(results: Results, charts: int) -> list[Goal]:
    plain, raw, cold = results.seconds("plain"), results.seconds("raw"), results.seconds("cold")
    unchanged, one_value = results.seconds("unchanged"), results.seconds("one-value")
    # Our cost of drawing a chart: what a cold build adds to a rebuild that draws none, per chart.
    per_chart, raw_per_chart = (cold - unchanged) / charts, raw / charts
    peak = max(results.peak(name) for name in ("cold", "unchanged", "one-value"))
    return [
        Goal("rebuild, nothing changed / plain Pelican", unchanged / plain, 1.3, "x"),
        Goal("rebuild, one value changed / plain Pelican", one_value / plain, 1.5, "x"),
        Goal(
            f"per-chart cost / raw vl-convert ({per_chart * 1000:.0f} / {raw_per_chart * 1000:.0f} ms)",
            per_chart / raw_per_chart,
            1.15,
            "x",
        ),
        Goal("cold build / (raw vl-convert + plain Pelican)", cold / (raw + plain), 0.75, "x"),
        Goal("peak memory of a build (all its processes)", peak / 2**20, 1024, "MB"),
    ]


def report(results: Results, councils: int, runs: int) -> str:
    charts, articles = councils * CHARTS_PER_COUNCIL, councils * (len(AUDITS) + 1)
    summary = next(
        (line for line in results.runs["cold"][-1].stdout.splitlines() if line.startswith("Built ")), ""
    )
    lines = [
        f"Synthetic site: {councils} councils, {charts} charts, {articles} articles; "
        f"medians of {runs} run(s); "
        f"{os.cpu_count()} CPU(s)",
        f"Cold build said: {summary}",
        "",
        f"{'build':<48} {'median s':>9} {'peak MB':>8}   range s",
    ]
    names = {
        "plain": "plain Pelican (same pages, no charts, no plugin)",
        "raw": "raw vl-convert, sequential (SVG + PNG x2)",
        "cold": "cold build (empty caches)",
        "cold, one process": "cold build, one process (no worker pool)",
        "unchanged": "rebuild, nothing changed",
        "one-value": "rebuild, one value changed",
    }
    for name, label in names.items():
        if name in results.runs:
            timings = sorted(run.seconds for run in results.runs[name])
            lines.append(
                f"{label:<48} {results.seconds(name):>9.2f} {results.peak(name) / 2**20:>8.0f}"
                f"   {timings[0]:.2f}-{timings[-1]:.2f}"
            )
    lines += ["", f"{'goal':<62} {'measured':>9} {'limit':>8}  met"]
    lines += [goal.line() for goal in goals(results, charts)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--councils", type=int, default=150, help="councils in the synthetic site (default 150)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each build; medians are shown (default 3)"
    )
    parser.add_argument(
        "--keep", type=Path, help="build in this folder and keep it, instead of a temporary one"
    )
    parser.add_argument(
        "--one-process", action="store_true", help="also time a cold build converting in one process"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile a nothing-changed rebuild (cProfile)"
    )
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def run(root: Path) -> None:
        results = benchmark(root, args.councils, args.runs, log, args.one_process)
        if args.profile:
            print(profile(root, log))
        print(report(results, args.councils, args.runs))

    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        run(args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            run(Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
