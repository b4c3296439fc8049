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

from benchmarks.measure import Results, measure, pelican
from benchmarks.national_site import CHARTS_PER_COUNCIL, change_one_value, generate_site

BUILDS = ("cold", "unchanged", "one-value")


def pages_built(results: Results) -> int:
    """The pages the cold build says it wrote (its summary line: "Built ..., N pages in ...")."""
    found = re.search(r"^Built .*?([\d,]+) pages", results.runs["cold"][-1].stdout, flags=re.MULTILINE)
    if not found:
        raise SystemExit(
            "The cold build printed no 'Built ... pages' line:\n" + results.runs["cold"][-1].stdout
        )
    return int(found[1].replace(",", ""))


def measure_size(root: Path, councils: int, log: Callable[[str], None]) -> Results:
    """Write a site of this many councils into root (new or empty) and time each build once."""
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
        log(f"{councils} councils: {name}")
        results.add(name, measure(pelican(root, "benchconf.py", root / "out"), root))
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
            seconds = results.seconds(name)
            line += f" {seconds * 1000 / charts:>20.1f} {seconds * 1000 / pages:>19.1f}"
        lines.append(line)
    return "\n".join(lines)


def growth(root: Path, councils: list[int], log: Callable[[str], None]) -> str:
    sizes = {}
    for size in councils:
        folder = root / f"councils-{size}"
        folder.mkdir()
        sizes[size] = measure_size(folder, size, log)
    return growth_table(sizes)
