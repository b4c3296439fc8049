"""Benchmark the build on a synthetic national site, side by side with the limits it should approach.

`make bench` (or `python benchmarks/bench.py --councils 150 --runs 3`) writes, in a temporary folder, a site
with the shapes of our real data for many councils (national_site.py: 7 charts and 4 articles per council,
so 150 councils give 1,050 charts and 600 articles), times every way of building it (measure.py: plain
Pelican, raw vl-convert, our cold build, a rebuild with nothing changed, a rebuild after one figure changed,
and the peak memory of each), and prints the medians with the ratios the project aims for (see the
Performance section of the README). It also builds the same site with its per-council trend pages made by
one page set instead of Markdown articles (variants.py; `--no-page-set` leaves it out) and prints both.

`--keep DIR` builds in DIR and keeps it: DIR must be new or empty, and nothing outside it is touched.
"""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/bench.py`
    sys.path.insert(0, str(ROOT))

from benchmarks.growth import QUICK_SIZES, growth  # noqa: E402
from benchmarks.measure import Results, benchmark, profile  # noqa: E402
from benchmarks.national_site import ARTICLES_PER_COUNCIL, CHARTS_PER_COUNCIL, generate_site  # noqa: E402
from benchmarks.preview import preview  # noqa: E402
from benchmarks.variants import FOLDER, build_page_set_variant, comparison, write_page_set_variant  # noqa: E402


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
        Goal(
            "make html, nothing changed / plain Pelican",
            results.seconds("unchanged, make html") / plain,
            1.3,
            "x",
        ),
        Goal("rebuild, one value changed / plain Pelican", one_value / plain, 1.5, "x"),
        Goal(
            f"per-chart cost / raw vl-convert ({per_chart * 1000:.0f} / {raw_per_chart * 1000:.0f} ms)",
            per_chart / raw_per_chart,
            0.45,  # issue 15's goals, as are the other limits here
            "x",
        ),
        Goal("cold build / (raw vl-convert + plain Pelican)", cold / (raw + plain), 0.45, "x"),
        Goal("peak memory of a build (all its processes)", peak / 2**20, 1024, "MB"),
    ]


def report(results: Results, councils: int, runs: int) -> str:
    charts, articles = councils * CHARTS_PER_COUNCIL, councils * ARTICLES_PER_COUNCIL
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
        "unchanged, make html": "make html (sitebuild.py), nothing changed",
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
    compared = comparison(results, councils)
    return "\n".join(lines + ([""] + compared if compared else []))


def write_and_measure(
    root: Path,
    councils: int,
    runs: int,
    log: Callable[[str], None],
    one_process: bool = False,
    page_set: bool = True,
) -> Results:
    """Write the synthetic site into root (new or empty) and build it every way; unless page_set is false,
    also its page-set variant (variants.py, in root/page-set/), each build right after the site's own."""
    log(f"Writing a synthetic site of {councils} councils in {root}")
    generate_site(root, councils)
    also = None
    if page_set:
        log(f"Writing its page-set variant in {root / FOLDER}")
        folder = write_page_set_variant(root, councils)

        def also(run: int, build: str, results: Results) -> None:
            build_page_set_variant(folder, run, build, results, log)

    return benchmark(root, runs, log, one_process, also)


def kept_folder(folder: Path) -> str:
    """Why --keep cannot use this folder, or "": the benchmark writes only into a new or empty folder."""
    if folder.exists() and not folder.is_dir():
        return f"--keep {folder}: is a file, not a folder; give a new or empty folder"
    if folder.is_dir() and any(folder.iterdir()):
        return (
            f"--keep {folder}: the folder exists and is not empty; give a new or empty folder "
            "(the benchmark never deletes or overwrites a folder it did not create)"
        )
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--councils", type=int, default=150, help="councils in the synthetic site (default 150)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each build; medians are shown (default 3)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="build in this folder (new or empty) and keep it, instead of a temporary one",
    )
    parser.add_argument(
        "--one-process", action="store_true", help="also time a cold build converting in one process"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile a nothing-changed rebuild (cProfile)"
    )
    parser.add_argument(
        "--no-page-set",
        action="store_true",
        help="leave out the page-set variant of the site (variants.py), built and timed by default",
    )
    parser.add_argument(
        "--growth",
        type=lambda text: [int(size) for size in text.split(",")],
        help="instead, how cost grows: each size (e.g. 10,50,150,300 councils) built once (growth.py)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a shorter growth run: --growth {','.join(map(str, QUICK_SIZES))} (or the sizes "
        "given), the largest starting from the size before's chart cache, its cold build not timed",
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        help="only the warm preview's save-to-page times (preview.py), otherwise measured after the builds",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.growth = args.growth or QUICK_SIZES

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def run(root: Path) -> None:
        if args.growth:
            print(growth(root, args.growth, log, quick=args.quick))
            return
        if args.preview:
            generate_site(root, args.councils)
            print(preview(root, args.councils, args.runs, log, args.profile))
            return
        results = write_and_measure(
            root, args.councils, args.runs, log, args.one_process, page_set=not args.no_page_set
        )
        if args.profile:
            print(profile(root, log))
        print(report(results, args.councils, args.runs))
        print(preview(root, args.councils, args.runs, log, args.profile))

    if args.keep:
        refused = kept_folder(args.keep)
        if refused:
            parser.error(refused)
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            run(Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
