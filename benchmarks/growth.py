"""How the cost of a build grows with the site: `python benchmarks/bench.py --growth 10,50,150,300`.

For each size, a synthetic site of its own (national_site.py) is built: plain Pelican, cold, nothing changed
and one value changed (Pelican directly, so the whole build is timed), once each. The cost is shown per chart
and per page, beside plain Pelican's per page: a cost per page that stays flat means a build costs what the
site holds, not more. Raw vl-convert is left out (the full bench times it at one size).
"""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import Results, Run, measure, pelican, site_build
from benchmarks.national_site import CHARTS_PER_COUNCIL, change_one_value, generate_site

BUILDS = ("cold", "unchanged", "one-value")
QUICK_SIZES = [10, 50, 150, 300]  # `--quick`: the sizes issue 15's growth goal names, each built once
FLAT_WITHIN = 0.20  # the goal: nothing-changed cost per page moves by no more than this from 50 councils up


def first_build(results: Results) -> Run:
    return results.seeded or results.runs["cold"][-1]


def pages_built(results: Results) -> int:
    """The pages the first build says it wrote (its summary line: "Built ..., N pages in ...")."""
    found = re.search(r"^Built .*?([\d,]+) pages", first_build(results).stdout, flags=re.MULTILINE)
    if not found:
        raise SystemExit("The first build printed no 'Built ... pages' line:\n" + first_build(results).stdout)
    return int(found[1].replace(",", ""))


def measure_size(
    root: Path, councils: int, log: Callable[[str], None], seed_cache: Path | None = None
) -> Results:
    """Write a site of this many councils into root (new or empty) and time each build once. With
    seed_cache (a smaller site's chart cache: its councils' charts are the same), the first build starts from
    it and is not timed as cold: only the charts of the councils it adds are drawn."""
    log(f"{councils} councils: writing the site in {root}")
    generate_site(root, councils)
    results = Results()
    log(f"{councils} councils: plain Pelican")
    results.add("plain", measure(pelican(root, "plainconf.py", root / "out-plain"), root))
    shutil.rmtree(root / "cache", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    for name in BUILDS:
        if name == "one-value":
            change_one_value(root, "51.1")
        if name == "cold" and seed_cache:
            shutil.copytree(seed_cache, root / "cache")
            log(f"{councils} councils: first build, from {seed_cache.parent.name}'s chart cache (not timed)")
            results.seeded = site_build(root, first=True)
            continue
        log(f"{councils} councils: {name}")
        results.add(name, site_build(root, first=name == "cold"))
    return results


def growth_table(sizes: dict[int, Results]) -> str:
    header = f"{'councils':>8} {'charts':>7} {'pages':>6} {'plain s':>8}"
    for name in BUILDS:
        header += f" {name + ' ms/chart':>20} {name + ' ms/page':>19}"
    lines = [header]
    for councils, results in sizes.items():
        charts, pages = councils * CHARTS_PER_COUNCIL, pages_built(results)
        line = f"{councils:>8} {charts:>7} {pages:>6} {results.seconds('plain'):>8.2f}"
        for name in BUILDS:
            if name not in results.runs:  # the cold build of a size --quick started from a smaller one
                line += f" {'-':>20} {'-':>19}"
                continue
            seconds = results.seconds(name)
            line += f" {seconds * 1000 / charts:>20.1f} {seconds * 1000 / pages:>19.1f}"
        lines.append(line)
    return "\n".join([*lines, flatness(sizes)])


def flatness(sizes: dict[int, Results]) -> str:
    """The goal's line: nothing-changed ms per page, from the smallest size of 50 councils or more to the
    largest."""
    large = sorted(size for size in sizes if size >= 50)
    if len(large) < 2:
        return "nothing changed, cost per page flat from 50 councils up: needs two sizes of 50 or more"
    first, last = (sizes[n].seconds("unchanged") / pages_built(sizes[n]) for n in (large[0], large[-1]))
    change = last / first - 1
    met = "yes" if abs(change) <= FLAT_WITHIN else "no"
    return (
        f"nothing changed, ms per page from {large[0]} to {large[-1]} councils: {first * 1000:.1f} to "
        f"{last * 1000:.1f} ({change:+.0%}); goal within {FLAT_WITHIN:.0%}: {met}"
    )


def growth(root: Path, councils: list[int], log: Callable[[str], None], quick: bool = False) -> str:
    """The growth table. quick: the largest size's first build starts from the size before's chart cache and
    is not timed (its cold build alone would take most of ten minutes); every other build is as without."""
    sizes, last = {}, None
    for size in councils:
        folder = root / f"councils-{size}"
        folder.mkdir()
        seed = last / "cache" if quick and last and size == max(councils) else None
        sizes[size] = measure_size(folder, size, log, seed)
        last = folder
    table = growth_table(sizes)
    seeded = [f"{size} councils: {seeded_line(r)}" for size, r in sizes.items() if r.seeded]
    return "\n".join([table, *seeded])


def seeded_line(results: Results) -> str:
    found = re.search(r"\(([\d,]+) images rendered, ([\d,]+) from cache\)", results.seeded.stdout)
    drawn = f"{found[1]} images drawn, {found[2]} from the smaller site's" if found else "see its output"
    return f"cold not timed (--quick); its first build drew only what the smaller site lacked: {drawn}"
