"""`make bench` cannot rot: its synthetic national site builds, at the smallest size, every way it is timed.

Only that it runs is tested here; its timings are never asserted (see the README's Performance section).
"""

import csv
import json
import re
from pathlib import Path

import pytest

from benchmarks.bench import main, report, write_and_measure
from benchmarks.growth import flatness, growth_table
from benchmarks.measure import Results, Run
from benchmarks.national_site import CHARTS_PER_COUNCIL
from benchmarks.variants import FOLDER

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first


def feed_entries(feed: str) -> list[tuple[str, str, str]]:
    """Each article of an Atom feed as (title, address, published)."""
    entry = r"<entry><title>(.*?)</title><link href=\"(.*?)\" rel=\"alternate\"/><published>(.*?)</published>"
    return re.findall(entry, feed)


def test_the_synthetic_site_builds_every_way_the_benchmark_times(tmp_path):
    results = write_and_measure(tmp_path, councils=1, runs=1, log=lambda message: None)

    def summary(name: str) -> str:
        return re.search(r"^Built .*$", results.runs[name][0].stdout, flags=re.MULTILINE)[0]

    # Each chart's images: the page's SVG, and the download's SVG and PNG (with its title, source and notes).
    charts, images = CHARTS_PER_COUNCIL, 3
    assert f"{charts} charts ({images * charts} images rendered, 0 from cache)" in summary("cold")
    assert f"(0 images rendered, {images * charts} from cache)" in summary("unchanged")
    # The growth table (bench.py --growth) from the same builds: its sizes are the site's, its costs the
    # timed seconds spread over the charts and over the pages.
    councils, charts_shown, pages, plain, *costs = growth_table({1: results}).splitlines()[1].split()
    built = sum(1 for _ in (tmp_path / "out").rglob("*.html"))
    assert [councils, charts_shown, pages] == ["1", str(charts), str(built)]
    for index, name in enumerate(("cold", "unchanged", "one-value")):
        seconds = results.seconds(name) * 1000
        assert costs[2 * index : 2 * index + 2] == [f"{seconds / charts:.1f}", f"{seconds / built:.1f}"]
    # Through `make html`'s sitebuild.py, a second build with nothing changed keeps output/ as it is.
    assert "Nothing changed since the last build" in results.runs["unchanged, make html"][0].stdout
    # One figure changed: its chart's images are drawn again, nothing else.
    assert f"({images} images rendered, {images * (charts - 1)} from cache)" in summary("one-value")
    article = "publications/council-001-asc-audit-2024-25/index.html"
    with_plugin = (tmp_path / "out" / article).read_text(encoding="utf-8")
    plain = (tmp_path / "out-plain" / article).read_text(encoding="utf-8")
    assert "<svg" in with_plugin and "<svg" not in plain
    assert "{{" not in with_plugin and "{{" not in plain
    # The plain baseline's front matter is the bench's copy of the plugin's rules (benchmarks/project.py):
    # both builds give every article the same title, address, date and category (one feed per category).
    feeds = sorted(path.name for path in (tmp_path / "out" / "feeds").glob("*.atom.xml"))
    assert feeds == sorted(path.name for path in (tmp_path / "out-plain" / "feeds").glob("*.atom.xml"))
    assert len(feeds) == 3  # every article, and one feed for each of the two categories
    for name in feeds:
        ours, baseline = (
            feed_entries((tmp_path / out / "feeds" / name).read_text(encoding="utf-8"))
            for out in ("out", "out-plain")
        )
        assert ours and ours == baseline, name
    table = report(results, councils=1, runs=1)
    assert "rebuild, nothing changed / plain Pelican" in table
    assert all(run.seconds > 0 and run.peak_rss > 0 for runs in results.runs.values() for run in runs)
    check_page_set_variant(tmp_path, results, table)


def check_page_set_variant(root: Path, results, table: str) -> None:
    """The page-set variant (root/page-set/) builds a page with its chart for each council of its national
    table, in place of the Markdown site's FOI response articles, and the report gives both variants."""
    variant = root / FOLDER
    declared = json.loads((variant / "data" / "page-sets.yaml").read_text(encoding="utf-8"))["page_sets"]
    assert len(declared) == 1
    page_set = declared[0]
    package = json.loads((variant / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    national = next(r for r in package["resources"] if r["name"] == page_set["dataset"])
    assert national["period_field"] == "year"
    assert [f["name"] for f in national["schema"]["fields"] if f.get("area_code")] == ["area_code"]
    with (variant / "data" / national["path"]).open(encoding="utf-8") as rows:
        codes = {row["area_code"]: row["publication"] for row in csv.DictReader(rows)}
    # Both variants hold the same data; only how the trend pages are made differs.
    for name in ("datapackage.yaml", national["path"]):
        assert (variant / "data" / name).read_bytes() == (root / "data" / name).read_bytes()
    assert not (root / "data" / "page-sets.yaml").exists()
    out, markdown = variant / "out", root / "out"
    for code, foi in codes.items():
        page = (out / page_set["url"] / code.lower() / "index.html").read_text(encoding="utf-8")
        assert page.count("<svg") == 1 and code in page
        # The Markdown variant's page for the same council: its FOI response, which the set replaces.
        assert "<svg" in (markdown / "publications" / foi / "index.html").read_text(encoding="utf-8")
        assert not (out / "publications" / foi).exists()
    assert (out / page_set["url"] / "index.html").is_file()

    def summary(name: str) -> str:
        return re.search(r"^Built .*$", results.runs[name][0].stdout, flags=re.MULTILINE)[0]

    charts, images = CHARTS_PER_COUNCIL * len(codes), 3
    assert f"{charts} charts ({images * charts} images rendered, 0 from cache)" in summary("page set: cold")
    assert f"(0 images rendered, {images * charts} from cache)" in summary("page set: unchanged")
    assert f"({images} images rendered, {images * (charts - 1)} from cache)" in summary("page set: one-value")
    # The report's table: a line per variant with the pages and charts its cold build made.
    lines = table.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("variant "))
    for line, site in zip(lines[header + 1 : header + 3], (root, variant), strict=True):
        name = "Markdown pages" if site == root else "page set"
        pages = sum(1 for _ in (site / "out").rglob("*.html"))
        assert line.startswith(name)
        assert line.removeprefix(name).split()[:2] == [str(pages), str(charts)]
    assert any(line.startswith("page set - Markdown: cold ") for line in lines[header + 3 :])


def test_keep_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path, capsys):
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "draft.txt").write_text("my work", encoding="utf-8")
    (folder / "report.md").write_text("keep me", encoding="utf-8")
    before = sorted(path.relative_to(folder) for path in folder.rglob("*"))

    with pytest.raises(SystemExit) as refused:
        main(["--keep", str(folder), "--councils", "1", "--runs", "1"])

    assert refused.value.code != 0
    assert "is not empty" in capsys.readouterr().err
    assert sorted(path.relative_to(folder) for path in folder.rglob("*")) == before
    assert (folder / "notes" / "draft.txt").read_text(encoding="utf-8") == "my work"
    assert (folder / "report.md").read_text(encoding="utf-8") == "keep me"


def test_keep_refuses_a_file(tmp_path, capsys):
    file = tmp_path / "results.txt"
    file.write_text("earlier results", encoding="utf-8")

    with pytest.raises(SystemExit):
        main(["--keep", str(file), "--councils", "1", "--runs", "1"])

    assert "not a folder" in capsys.readouterr().err
    assert file.read_text(encoding="utf-8") == "earlier results"


def timed(unchanged: float, pages: int) -> Results:
    """Results of one size as growth.py records them: the cold build's summary line gives the pages."""
    results = Results()
    results.add(
        "cold", Run(1.0, 0, f"Built 1 datasets, 7 charts (21 images rendered, 0 from cache), {pages:,} pages")
    )
    results.add("unchanged", Run(unchanged, 0))
    return results


@pytest.mark.parametrize(
    ("at_300", "verdict"),
    [(6.0, "5.0 to 5.0 (+0%); goal within 20%: yes"), (7.5, "(+25%); goal within 20%: no"), (4.2, "(-30%)")],
)
def test_the_growth_goal_compares_the_cost_per_page_from_50_councils_to_the_largest(at_300, verdict):
    # 10 councils cost far more per page and are not part of the goal; 150 councils are between the two ends.
    sizes = {10: timed(5.0, 200), 50: timed(5.0, 1_000), 150: timed(99.0, 3_000), 300: timed(at_300, 1_200)}
    line = flatness(sizes)
    assert line.startswith("nothing changed, ms per page from 50 to 300 councils: 5.0 to ")
    assert verdict in line
    assert flatness({10: timed(5.0, 200), 50: timed(5.0, 1_000)}).endswith("needs two sizes of 50 or more")


# No module fixture shared with the rest of the file: a group of its own, so it may run on another worker than
# the other build of this file, which takes as long.
@pytest.mark.xdist_group("tests/test_bench.py::quick-growth")
def test_quick_growth_starts_the_largest_site_from_the_smaller_ones_charts(tmp_path, capsys):
    assert main(["--quick", "--growth", "1,2", "--keep", str(tmp_path / "kept")]) == 0
    printed = capsys.readouterr().out.splitlines()
    one, two = (line.split() for line in printed[1:3])
    assert one[0] == "1" and "-" not in one
    assert two[:2] == ["2", str(2 * CHARTS_PER_COUNCIL)] and two[4:6] == ["-", "-"]  # cold not timed
    # Each council's charts are the same at every size: only the second council's are drawn.
    images = 3 * CHARTS_PER_COUNCIL
    assert printed[-1] == (
        "2 councils: cold not timed (--quick); its first build drew only what the smaller site lacked: "
        f"{images} images drawn, {images} from the smaller site's"
    )
