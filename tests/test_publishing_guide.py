"""Follow docs/publishing.md step by step in a copy of the project: new publications need no code change."""

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from site_build import ROOT, copy_project, page, run_pelican

from plugins.transparency.load import load_site_data
from plugins.transparency.settings import DECLARED

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

GUIDE = ROOT / "docs" / "publishing.md"
BLOCK = r"```\w*\n(?P<{name}>.*?)```"
STEP = re.compile(
    rf"Add to the end of `(?P<append>[^`]+)`:\n\n{BLOCK.format(name='appended')}"
    rf"|Create `(?P<create>[^`]+)`:\n\n{BLOCK.format(name='created')}"
    rf"|In `(?P<change>[^`]+)`, change the line\n\n{BLOCK.format(name='old')}\n\nto\n\n{BLOCK.format(name='new')}"
    r"|^Delete `(?P<delete>[^`]+)`\.$",
    flags=re.DOTALL | re.MULTILINE,
)


def guide_steps(section: str) -> list[re.Match]:
    """The steps of one section of the guide (a heading inside an example page does not end it)."""
    sections: dict[str, list[str]] = {}
    heading, fenced = "", False
    for line in GUIDE.read_text(encoding="utf-8").splitlines(keepends=True):
        fenced ^= line.startswith("```")
        if line.startswith("## ") and not fenced:
            heading = line[3:].strip()
        sections.setdefault(heading, []).append(line)
    return list(STEP.finditer("".join(sections[section])))


def follow(project: Path, section: str) -> list[str]:
    """Do what the section says, as the web team would; return the files it touched."""
    touched = []
    for step in guide_steps(section):
        name = step["append"] or step["create"] or step["change"] or step["delete"]
        path = project / name
        if step["delete"]:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        elif step["append"]:
            text = path.read_text(encoding="utf-8")
            path.write_text(text + ("" if text.endswith("\n") else "\n") + step["appended"], encoding="utf-8")
        elif step["create"]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step["created"], encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert text.count(step["old"]) == 1, f"{name}: the line to change is not there once"
            path.write_text(text.replace(step["old"], step["new"]), encoding="utf-8")
        touched.append(name)
    return touched


SECTIONS = (
    "Publish a new audit",
    "Publish a new FOI response",
    "Correct a figure",
    "Publish another kind of publication",
    "Percentages and counts",
    "Long labels",
    "A table without a chart",
    "Change the home page",
    "Make a page for each area",
)


# The sections after which the site is built: each test reads the site as it stands after its own section,
# so a build is needed only before a later section changes what an earlier test reads (the correction
# changes the new audit; long labels add a survey row). After every other section data/ is loaded, so a
# mistake in the guide's data is still named at its own section.
BUILT_AFTER = ("Publish a new FOI response", "Percentages and counts", SECTIONS[-1])


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    """Each section followed in turn in one copy of the project, the site built at each of BUILT_AFTER, and
    each section given the site as it stands after it (the next build's)."""
    project = copy_project(tmp_path_factory.mktemp("guide") / "project")
    sites, touched, waiting = {}, [], []
    for section in SECTIONS:
        touched += follow(project, section)
        waiting.append(section)
        if section not in BUILT_AFTER:
            load_site_data(project / "data", kinds=DECLARED["TRANSPARENCY_KINDS"].default)
            continue
        output = project / section.replace(" ", "-")
        result = run_pelican(output, "pelicanconf.py", cwd=project)
        assert result.returncode == 0, f"{section}:\n{result.stdout}{result.stderr}"
        sites.update(dict.fromkeys(waiting, output))
        waiting = []
    return {"sites": sites, "touched": touched}


@pytest.fixture(scope="module")
def another_council(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("council") / "project")
    follow(project, "Start a site for another council")
    result = run_pelican(project / "output", "pelicanconf.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_the_guide_has_the_steps_the_test_follows():
    assert [len(guide_steps(section)) for section in SECTIONS] == [4, 5, 2, 5, 1, 3, 2, 1, 6]
    assert len(guide_steps("Start a site for another council")) == 15


def test_publishing_touches_only_data_and_content(published):
    assert published["touched"]
    assert all(name.startswith(("data/", "content/")) for name in published["touched"])
    assert "content/surveys/staff-survey-2027.md" in published["touched"]


def test_the_new_audit_has_its_page_chart_and_figures(published):
    html = page(
        published["sites"]["Publish a new audit"], "publications/asc-caseload-audit-2026-27/index.html"
    )
    assert html.h1.get_text(strip=True) == "Adult Social Care Caseload and Workload Audit 2026/27"
    rows = [[cell.get_text(strip=True) for cell in tr(["th", "td"])] for tr in html.select("figure tbody tr")]
    assert rows == [
        ["Older People Team", "15.2"],
        ["Adult Disability Team", "19.5"],
        ["Occupational Therapy Team", "27.3"],
    ]
    assert "average caseload was 15.2." in html.get_text()
    assert html.select_one("figure svg[role=img]")
    assert html.find(id="updates-heading") is None


def test_the_new_foi_response_has_its_page_table_terms_and_download(published):
    site = published["sites"]["Publish a new FOI response"]
    html = page(site, "publications/foi-000000001/index.html")
    assert "FOI000000001" in html.h1.get_text()
    assert len(html.select("figure tbody tr")) == 3
    assert "Copy the re-use conditions" in html.get_text()
    assert "FOI000000001" in page(site, "publications/foi-responses/index.html").get_text()
    assert (site / "data" / "children-caseload-by-team.csv").is_file()


def test_a_corrected_figure_is_shown_with_a_dated_update_note(published):
    site = published["sites"]["Correct a figure"]
    html = page(site, "publications/asc-caseload-audit-2026-27/index.html")
    rows = dict(
        tuple(cell.get_text(strip=True) for cell in tr(["th", "td"])) for tr in html.select("figure tbody tr")
    )
    assert rows["Adult Disability Team"] == "18.5"
    updates = html.find(id="updates-heading").find_parent("section")
    assert updates.h2.get_text() == "Updates to this page"
    note = updates.li
    assert note.time["datetime"] == "2027-10-02"
    assert note.get_text(" ", strip=True) == (
        "2 October 2027 : Corrected the Adult Disability Team's average caseload from 19.5 to 18.5, as in the source."
    )
    assert "18.5" in (site / "data" / "adult-caseload-by-team.csv").read_text(encoding="utf-8-sig")
    # The page says it changed where machines look: its sitemap entry and its feed entry.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "publications/asc-caseload-audit-2026-27/</loc><lastmod>2027-10-02</lastmod>" in sitemap
    feed = BeautifulSoup((site / "feeds" / "all.atom.xml").read_text(encoding="utf-8"), "xml")
    entry = next(e for e in feed("entry") if "asc-caseload-audit-2026-27" in e.link["href"])
    assert entry.updated.get_text().startswith("2027-10-02")


def figure_rows(html: BeautifulSoup, chart_id: str) -> list[list[str]]:
    figure = html.find("figure", id=f"figure-{chart_id}")
    return [[cell.get_text(strip=True) for cell in tr(["th", "td"])] for tr in figure.select("tbody tr")]


def test_a_survey_is_published_as_a_kind_of_its_own(published):
    site = published["sites"]["Publish another kind of publication"]
    html = page(site, "publications/staff-survey-2027/index.html")
    assert html.h1.get_text(strip=True) == "Adult Social Care Staff Survey 2027"
    assert figure_rows(html, "staff-survey-2027-agreeing") == [
        ["My caseload is fair and manageable", "61%"],
        ["I get regular supervision", "78%"],
        ["I would recommend working here", "70%"],
    ]
    assert "61% of staff agreed that their caseload was fair and manageable." in html.get_text()
    category = page(site, "publications/staff-surveys/index.html")
    assert "Adult Social Care Staff Survey 2027" in category.get_text()


def test_percentages_and_counts_are_drawn_from_their_own_columns(published):
    site = published["sites"]["Percentages and counts"]
    chart = page(site, "charts/staff-survey-2027-respondents/index.html")
    assert [row[-1] for row in figure_rows(chart, "staff-survey-2027-respondents")] == ["412", "409", "415"]
    csv = (site / "data" / "staff-survey-2027.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[1] == "staff-survey-2027,My caseload is fair and manageable,,61,412"


def test_a_long_label_is_drawn_short_and_kept_whole_in_the_table(published):
    site = published["sites"]["Long labels"]
    html = page(site, "publications/staff-survey-2027/index.html")
    long = "I have enough time to see the people I support as often as they need"
    assert [long, "52%"] in figure_rows(html, "staff-survey-2027-agreeing")
    figure = html.find("figure", id="figure-staff-survey-2027-agreeing")
    drawn = [text.get_text() for text in figure.svg("text")]
    assert "Enough time for the people I support" in drawn and long not in drawn
    assert "My caseload is fair and manageable" in drawn  # an empty short label: the label itself


def test_the_home_page_shows_its_new_key_figure(published):
    html = page(published["sites"]["Change the home page"], "index.html")
    assert "78% of adult social care staff said they get regular supervision in March 2027" in html.get_text()


def test_a_site_for_another_council_names_no_other(another_council):
    article = page(another_council, "publications/ntbc-caseload-audit-2027/index.html")
    assert figure_rows(article, "caseload-by-team-2027") == [
        ["Adult Social Work Team", "17.0"],
        ["Occupational Therapy Team", "23.5"],
    ]
    assert "Northtown Borough Council" in page(another_council, "index.html").get_text()
    # The pages the guide says to rewrite are the only ones that may still name Coventry.
    kept = {"about", "contact", "reuse", "accessibility"}
    for path in another_council.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".svg", ".css"):
            if path.parent.name in kept:
                continue
            assert "Coventry" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_table_without_a_chart_has_its_figures_and_no_image(published):
    site = published["sites"]["A table without a chart"]
    html = page(site, "publications/staff-survey-2027/index.html")
    figure = html.find("figure", id="figure-staff-survey-2027-answers")
    assert figure.svg is None
    assert [row[-1] for row in figure_rows(html, "staff-survey-2027-answers")] == ["412", "409", "415", "411"]
    assert sorted(path.name for path in (site / "charts" / "staff-survey-2027-answers").iterdir()) == [
        "index.html",
        "staff-survey-2027-answers.bib",
        "staff-survey-2027-answers.csl.json",
        "staff-survey-2027-answers.csv",
        "staff-survey-2027-answers.ris",
    ]


def test_a_page_set_makes_a_page_per_area_figure_by_figure(published):
    """Every area's page against the guide's table: each year's figure or symbol with its meaning, the change
    from the year before, the place's ONS code, and a chart drawing the figures alone."""
    site = published["sites"]["Make a page for each area"]
    data = site.parent / "data"
    with (data / "example-caseload-by-area.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    package = yaml.safe_load((data / "datapackage.yaml").read_text(encoding="utf-8"))
    schema = next(r for r in package["resources"] if r["name"] == "example-caseload-by-area")["schema"]
    meanings = schema["symbols"]
    areas: dict[str, list[dict]] = {}
    for row in rows:
        areas.setdefault(row["area"], []).append(row)
    index = page(site, "areas/index.html")
    assert sorted(a.get_text(strip=True) for a in index.select("table.sortable tbody th a")) == sorted(areas)
    for area, its in areas.items():
        its.sort(key=lambda r: int(r["year"]))
        code = its[0]["area_code"]
        html = page(site, f"areas/{code.lower()}/index.html")
        table = html.select("table.figure-table")[0]
        cells = [[c.get_text(" ", strip=True) for c in tr(["th", "td"])] for tr in table.tbody("tr")]
        assert [c[0] for c in cells] == [r["year"] for r in its]
        for row, before, shown in zip(its, [None, *its[:-1]], cells, strict=True):
            figure = row["average_caseload_per_fte"]
            value = f"{figure} ({meanings[figure]})" if figure in meanings else figure
            assert shown[1] == f"Average caseload per FTE social worker {value}", (area, row["year"])
            change = shown[2].removeprefix("Change since the figure before ")
            if before is None:
                assert change == "none: the first figure"
            elif figure in meanings or before["average_caseload_per_fte"] in meanings:
                assert change.startswith(f"not comparable with {before['year']}"), change
            else:
                then = before["average_caseload_per_fte"]
                difference = Decimal(figure) - Decimal(then)
                words = "higher" if difference > 0 else "lower"
                assert change == f"{abs(difference)} {words} than in {before['year']} ({then})", change
        place = json.loads(html.find("script", type="application/ld+json").string)["spatialCoverage"]
        assert place["identifier"] == code and place["name"] == area
        chart = f"areas-{code.lower()}-caseload"
        spec = json.loads((site / "charts" / chart / f"{chart}.vl.json").read_text(encoding="utf-8"))
        drawn = {str(v["year"]): v["average_caseload_per_fte"] for v in spec["data"]["values"]}
        numbers = {
            r["year"]: float(r["average_caseload_per_fte"])
            for r in its
            if r["average_caseload_per_fte"] not in meanings
        }
        assert drawn == numbers, area
    introduction = index.select_one(".set-introduction").get_text(" ", strip=True)
    assert introduction.startswith("These made-up figures show how a page set works.")
    coventry = next(r for r in rows if r["area"] == "Coventry" and r["year"] == "2024")
    own = page(site, "areas/e08000026/index.html").select_one(".set-introduction").get_text(" ", strip=True)
    assert own.startswith(f"Coventry's figure for 2024 was {coventry['average_caseload_per_fte']}:")
    assert page(site, "areas/e08000025/index.html").select_one(".set-introduction") is None
