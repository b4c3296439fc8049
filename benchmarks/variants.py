"""Page sets against Markdown pages: the same national site with its per-council trend pages made two ways.

The bench's site is the Markdown variant: per council, an FOI response article placing its trend chart. The
page-set variant (written into root/page-set/) is the same site, figure for figure, with those pages made
by one page-set declaration instead (trends.py): the same datasets and publications, one trend page and one
trend chart per council either way (plus the set's index page, where the Markdown site has the FOI responses'
category page). The page-set variant is built as the bench builds its site, each build right after the
site's own of the same kind: cold (empty caches), nothing changed, and one value changed (the same audit
figure, national_site.change_one_value), Pelican run directly so the whole build is timed. The Markdown
variant's figures are the bench's own builds of its site.
"""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Results, Run, site_build
from benchmarks.national_site import change_one_value, generate_site

FOLDER = "page-set"
BUILDS = ("cold", "unchanged", "one-value")
# Each variant's builds, by the names they have in Results: the Markdown variant's are the bench's own.
NAMES = {
    "Markdown pages": {build: build for build in BUILDS},
    "page set": {build: f"page set: {build}" for build in BUILDS},
}
BUILT = re.compile(r"^Built ([\d,]+) datasets, ([\d,]+) charts .*?([\d,]+) pages", flags=re.MULTILINE)


def write_page_set_variant(root: Path, councils: int) -> Path:
    folder = root / FOLDER
    generate_site(folder, councils, variant="page-set")
    return folder


def build_page_set_variant(
    folder: Path, run: int, build: str, results: Results, log: Callable[[str], None]
) -> None:
    """One build of the page-set variant, made as the bench has just made the same build of its own site."""
    if build == "cold":
        shutil.rmtree(folder / "cache", ignore_errors=True)
        shutil.rmtree(folder / ".cache", ignore_errors=True)
    if build == "one-value":
        change_one_value(folder, f"{50 + run}.{run}")
    log(f"Run {run}: page-set variant, {build}")
    results.add(NAMES["page set"][build], site_build(folder, first=build == "cold"))


def built(run: Run) -> tuple[int, int, int]:
    """The datasets, charts and pages a build says it made (its summary line)."""
    found = BUILT.search(run.stdout)
    if not found:
        raise SystemExit("The build printed no 'Built ... pages' line:\n" + run.stdout)
    datasets, charts, pages = (int(number.replace(",", "")) for number in found.groups())
    return datasets, charts, pages


def comparison(results: Results, councils: int) -> list[str]:
    """The report's table of both variants; nothing when the page-set variant was not built."""
    if NAMES["page set"]["cold"] not in results.runs:
        return []
    lines = [
        f"Page sets against Markdown pages (the same site; its {councils} per-council trend pages from "
        "Markdown articles or one page set)",
        f"{'variant':<16} {'pages':>6} {'charts':>6} {'cold s':>8} {'rebuild s':>9} {'one value s':>11}"
        f" {'cold ms/page':>12} {'rebuild ms/page':>15}",
    ]
    seconds = {}
    for variant, names in NAMES.items():
        _, charts, pages = built(results.runs[names["cold"]][-1])
        seconds[variant] = [results.seconds(names[build]) for build in BUILDS]
        cold, unchanged, one_value = seconds[variant]
        lines.append(
            f"{variant:<16} {pages:>6} {charts:>6} {cold:>8.2f} {unchanged:>9.2f} {one_value:>11.2f}"
            f" {cold * 1000 / pages:>12.1f} {unchanged * 1000 / pages:>15.1f}"
        )
    if len(results.runs[NAMES["page set"]["cold"]]) > 1:
        for variant, names in NAMES.items():
            spans = [sorted(run.seconds for run in results.runs[names[build]]) for build in BUILDS]
            ranges = ", ".join(
                f"{build} {s[0]:.2f}-{s[-1]:.2f}" for build, s in zip(BUILDS, spans, strict=True)
            )
            lines.append(f"{variant + ', range s:':<16} {ranges}")
    markdown, page_set = seconds["Markdown pages"], seconds["page set"]
    cold, unchanged, one_value = (ours - theirs for ours, theirs in zip(page_set, markdown, strict=True))
    lines.append(
        f"page set - Markdown: cold {cold:+.2f} s, rebuild {unchanged:+.2f} s, one value {one_value:+.2f} s; "
        f"per trend page {cold * 1000 / councils:+.1f}, {unchanged * 1000 / councils:+.1f} and "
        f"{one_value * 1000 / councils:+.1f} ms"
    )
    return lines
