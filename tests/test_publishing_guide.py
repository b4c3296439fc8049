"""Follow docs/publishing.md step by step in a copy of the project: new publications need no code change."""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_build import ROOT, page, run_pelican

GUIDE = ROOT / "docs" / "publishing.md"
BLOCK = r"```\w*\n(?P<{name}>.*?)```"
STEP = re.compile(
    rf"Add to the end of `(?P<append>[^`]+)`:\n\n{BLOCK.format(name='appended')}"
    rf"|Create `(?P<create>[^`]+)`:\n\n{BLOCK.format(name='created')}"
    rf"|In `(?P<change>[^`]+)`, change the line\n\n{BLOCK.format(name='old')}\n\nto\n\n{BLOCK.format(name='new')}",
    flags=re.DOTALL,
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
        name = step["append"] or step["create"] or step["change"]
        path = project / name
        if step["append"]:
            text = path.read_text(encoding="utf-8")
            path.write_text(text + ("" if text.endswith("\n") else "\n") + step["appended"], encoding="utf-8")
        elif step["create"]:
            path.write_text(step["created"], encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert text.count(step["old"]) == 1, f"{name}: the line to change is not there once"
            path.write_text(text.replace(step["old"], step["new"]), encoding="utf-8")
        touched.append(name)
    return touched


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    project = tmp_path_factory.mktemp("guide") / "project"
    for part in ("content", "data", "theme", "plugins"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", project)
    cache = f'TRANSPARENCY_CACHE_PATH="{project / "chart-cache"}"'
    sites, touched = {}, []
    for section in ("Publish a new audit", "Publish a new FOI response", "Correct a figure"):
        touched += follow(project, section)
        sites[section] = project / section.replace(" ", "-")
        result = run_pelican(sites[section], "pelicanconf.py", "-e", cache, cwd=project)
        assert result.returncode == 0, f"{section}:\n{result.stdout}{result.stderr}"
    return {"sites": sites, "touched": touched}


def test_the_guide_has_the_steps_the_test_follows():
    assert [
        len(guide_steps(s)) for s in ("Publish a new audit", "Publish a new FOI response", "Correct a figure")
    ] == [
        4,
        5,
        2,
    ]


def test_publishing_touches_only_data_and_content(published):
    assert published["touched"]
    assert all(name.startswith(("data/", "content/")) for name in published["touched"])


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
