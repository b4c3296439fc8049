"""End to end: build the real site into a temporary folder and read it as a resident would."""

import csv
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_build import ROOT, page, run_pelican

SOURCES = Path(__file__).parent / "fixtures" / "sources"
AUDIT_HEADING = re.compile(r"^Adult Social Care Caseload and Workload Audit (\d{4}) to (\d{4})$")
LISTED_FIGURE = re.compile(r"^- (?P<label>.+?)(?: average)?(?: -)? (?P<figure>\d+(?:\.\d+)?)$")


def source_figures() -> dict[str, list[tuple[str, str]]]:
    """Every listed figure of the source documents, by publication id, read from the documents themselves."""
    figures: dict[str, list[tuple[str, str]]] = {}
    current, in_findings = None, False
    for line in (SOURCES / "asc-caseload-audits.txt").read_text(encoding="utf-8").splitlines():
        heading = AUDIT_HEADING.match(line)
        if heading:
            current = f"asc-caseload-audit-{heading[1]}-{heading[2][2:]}"
        elif line in ("Findings", "Summary"):
            in_findings = line == "Findings"
        elif current and in_findings and (listed := LISTED_FIGURE.match(line)):
            figures.setdefault(current, []).append((listed["label"], listed["figure"]))
    foi = (SOURCES / "foi-485106426.txt").read_text(encoding="utf-8")
    adult = [(m["label"], m["figure"]) for m in map(LISTED_FIGURE.match, foi.splitlines()) if m]
    children = re.findall(r"^(20\d\d)\t(\d+(?:\.\d+)?)$", foi, flags=re.MULTILINE)
    figures["foi-485106426"] = adult + children
    return figures


def test_the_sources_list_every_figure_we_expect():
    figures = source_figures()
    assert {pid: len(items) for pid, items in figures.items()} == {
        "asc-caseload-audit-2024-25": 18,
        "asc-caseload-audit-2023-24": 13,
        "asc-caseload-audit-2019-20": 8,
        "foi-485106426": 14,
    }


@pytest.mark.parametrize("publication", sorted(source_figures()))
def test_every_source_figure_is_on_its_page_in_a_table_row_and_a_chart(site, publication):
    html = page(site, f"publications/{publication}/index.html")
    rows = {
        (tr.th.get_text(strip=True), tr("td")[-1].get_text(strip=True))
        for tr in html.select("figure table tbody tr")
    }
    chart_text = " ".join(text.get_text() for text in html.select("figure svg text"))
    for label, figure in source_figures()[publication]:
        assert (label, figure) in rows, f"{label} {figure} not in a table row"
        assert label in chart_text, f"{label} not named in any chart"
        assert figure in chart_text, f"{figure} not printed in any chart"


def test_publication_pages_keep_the_write_up_sections(site):
    for publication, sections in {
        "asc-caseload-audit-2024-25": ["Approach", "Methodology", "Findings", "Summary"],
        "asc-caseload-audit-2019-20": ["Approach", "Methodology;", "Findings", "Summary"],
    }.items():
        headings = [
            h2.get_text(strip=True) for h2 in page(site, f"publications/{publication}/index.html")("h2")
        ]
        assert headings[: len(sections)] == sections
    text = page(site, "publications/asc-caseload-audit-2024-25/index.html").get_text(" ")
    assert "Caution should always be used when looking at caseload numbers in isolation" in text
    for survey in ("65%", "73%", "81%", "43%"):
        assert survey in text


def test_foi_page_has_reuse_terms_and_missing_footnotes_note(site):
    text = page(site, "publications/foi-485106426/index.html").get_text(" ")
    assert "does not confer an automatic right to re-use the information" in text
    assert "footnotes 1, 2 and 3" in text
    assert "Information Commissioner" in text


def test_every_chart_is_an_accessible_svg(site):
    placed = 0
    for path in site.rglob("*.html"):
        for figure in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")("figure"):
            svg = figure.find("svg")
            assert svg["role"] == "img"
            title = figure.find(id=svg["aria-labelledby"]).get_text(strip=True)
            assert title
            if path.parent.name == "embed":
                continue
            assert figure.find(id=svg["aria-describedby"]).get_text(strip=True).startswith("The chart shows")
            if "publications" in path.parts:
                assert title.startswith("Figure ")
                placed += 1
    assert placed == 8  # survey charts on two audit pages, the 2019/20 teams also on the FOI page


def test_published_csv_matches_data_and_is_linked(site):
    for source in (ROOT / "data").glob("*.csv"):
        published = (site / "data" / source.name).read_text(encoding="utf-8-sig")
        assert list(csv.reader(published.splitlines())) == list(
            csv.reader(source.read_text(encoding="utf-8").splitlines())
        )
    html = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    links = {a["href"] for a in html.select("figure a")}
    assert "../../data/adult-caseload-by-team.csv" in links
    assert (
        site / "publications" / "asc-caseload-audit-2024-25" / "../../data/adult-caseload-by-team.csv"
    ).exists()


def test_site_has_pages_feeds_and_sitemap(site):
    for path in [
        "index.html",
        "publications/index.html",
        "about/index.html",
        "accessibility/index.html",
        "reuse/index.html",
        "contact/index.html",
        "feeds/all.atom.xml",
        "sitemap.xml",
        "theme/css/main.css",
        "theme/css/council.css",
    ]:
        assert (site / path).is_file(), path
    home = page(site, "index.html")
    assert home.find("a", class_="skip-link")["href"] == "#main-content"
    assert home.find("main", id="main-content")
    assert "65%" in home.get_text()


def test_only_pages_with_charts_load_the_chart_script_and_each_figure_names_its_spec(site):
    assert b"vegaEmbed" in (site / "theme" / "js" / "vega.js").read_bytes()
    for path in site.rglob("*.html"):
        if path.is_relative_to(site / "pagefind") or path.parent.name == "embed":
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        figures = html.select("figure.chart-figure")
        scripts = [tag for tag in html.find_all("script", src=True) if tag["src"].endswith("/charts.js")]
        assert len(scripts) == (1 if figures else 0), path
        assert all(tag.has_attr("defer") for tag in scripts), path
        for figure in figures:
            spec = (path.parent / figure["data-spec"]).resolve()
            assert spec.is_file() and spec.name.endswith(".vl.json"), (path, figure["data-spec"])


def test_no_request_leaves_the_site(site):
    for path in site.rglob("*.html"):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(["link", "script", "img", "iframe"]):
            address = tag.get("href") or tag.get("src") or ""
            assert not re.match(r"(https?:)?//", address), f"{path}: {address}"


def test_every_page_sets_a_policy_that_allows_nothing_inline_and_nothing_from_elsewhere(site):
    for path in site.rglob("*.html"):
        if path.is_relative_to(site / "pagefind"):
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and policy is html.head.find("meta", charset=True).find_next("meta"), path
        expected = "default-src 'self'"
        if path == site / "search" / "index.html":
            expected += "; script-src 'self' 'wasm-unsafe-eval'"  # Pagefind's WebAssembly
        assert policy["content"] == expected, path
        assert not html.find("script", src=False, type=lambda kind: kind != "application/ld+json"), path
        assert not html.find(style=True) and not html.find("style"), path


def test_bad_csv_fails_the_build_naming_file_row_and_column(tmp_path):
    project = tmp_path / "project"
    for part in ("content", "data", "theme", "plugins"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "pelicanconf.py", project)
    csv_path = project / "data" / "adult-caseload-by-team.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("22.4", "n/a"), encoding="utf-8")
    output = tmp_path / "output"
    result = run_pelican(output, "pelicanconf.py", cwd=project)
    assert result.returncode == 1
    message = " ".join((result.stdout + result.stderr).split())
    assert (
        'data/adult-caseload-by-team.csv, row 9, column "average_caseload": "n/a" is not a number' in message
    )
    assert not output.exists()


def test_two_builds_are_byte_identical(site, tmp_path):
    result = run_pelican(tmp_path, str(ROOT / "pelicanconf.py"))
    assert result.returncode == 0, result.stdout + result.stderr
    first = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    second = {path.relative_to(tmp_path): path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
