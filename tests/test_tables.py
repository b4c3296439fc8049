"""A table without a chart (kind: table): placed like a chart, built into a site, with no image anywhere."""

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_build import ROOT, copy_project, page, problems_after, run_pelican

from plugins.transparency.linkcheck import check_site
from plugins.transparency.urls import PREVIEW_URL

TABLE = "team-caseloads-2023-24-table"
DECLARATION = f"""charts:
  - id: {TABLE}
    dataset: adult-caseload-by-team
    filter: {{publication: asc-caseload-audit-2023-24}}
    kind: table
    label: team
    value: average_caseload
    title: Average caseload of each team audited in 2023/24
    subtitle: Average caseload by team, Coventry adult social care, July 2022 to June 2023
    notes: [A made-up note for the test.]
    caveats: [case-weighting]

"""
AUDIT = "publications/asc-caseload-audit-2023-24/index.html"
TABLE_ONLY = "table-only/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real project with one table declared, placed first in an audit page and alone on a new page."""
    project = copy_project(tmp_path_factory.mktemp("tables") / "project")
    charts = project / "data" / "charts.yaml"
    charts.write_text(
        charts.read_text(encoding="utf-8").replace("charts:\n", DECLARATION, 1), encoding="utf-8"
    )
    article = project / "content" / "audits" / "asc-caseload-audit-2023-24.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("## Findings\n", f"## Findings\n\n{{{{ chart {TABLE} }}}}\n", 1), encoding="utf-8"
    )
    (project / "content" / "pages" / "table-only.md").write_text(
        f"Title: Table only\nSlug: table-only\nSummary: A page placing one table.\n\n{{{{ chart {TABLE} }}}}\n",
        encoding="utf-8",
    )
    result = run_pelican(project / "output", "pelicanconf.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def source_rows() -> list[list[str]]:
    """The table's rows as data/adult-caseload-by-team.csv writes them: team and average caseload."""
    with open(ROOT / "data" / "adult-caseload-by-team.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [
        [row["team"], row["average_caseload"]]
        for row in rows
        if row["publication"] == "asc-caseload-audit-2023-24"
    ]


def test_the_figure_has_title_subtitle_every_row_notes_source_and_a_csv_but_no_image(site):
    figure = page(site, AUDIT).find("figure", id=f"figure-{TABLE}")
    title = figure.find(class_="figure-title").get_text(" ", strip=True)
    assert title == "Figure 1: Average caseload of each team audited in 2023/24"
    assert figure.find(class_="figure-subtitle").text == (
        "Average caseload by team, Coventry adult social care, July 2022 to June 2023"
    )
    assert [th.get_text(strip=True) for th in figure.thead.find_all("th")] == [
        "Team",
        "Average caseload (cases per worker)",
    ]
    rows = [[cell.text for cell in tr.find_all(["th", "td"])] for tr in figure.tbody.find_all("tr")]
    assert rows == source_rows()
    notes = figure.find(class_="figure-notes").text
    assert "A made-up note for the test." in notes
    assert "Caution should always be used" in notes
    assert "Adult Social Care Caseload and Workload Audit" in figure.find(class_="figure-source").text
    assert figure.find("svg") is None
    assert figure.find(class_="figure-description") is None
    assert not figure.has_attr("data-spec")  # so theme/js/charts.js offers no interactive chart
    links = {a.get_text(" ", strip=True): a["href"] for a in figure.find_all("a")}
    assert links == {
        "CSV, 1 KB": f"../../charts/{TABLE}/{TABLE}.csv",
        "Cite this table": f"../../charts/{TABLE}/#cite",
        "Whole dataset: Adult social care average caseload by team (CSV)": "../../data/adult-caseload-by-team.csv",
    }
    assert figure.find(class_="figure-downloads").get_text(" ", strip=True).startswith("Download this table:")


def test_the_csv_download_holds_exactly_the_rows_of_the_table(site):
    text = (site / "charts" / TABLE / f"{TABLE}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["publication", "team", "average_caseload"]
    assert [row[1:] for row in rows[1:]] == source_rows()
    assert {row[0] for row in rows[1:]} == {"asc-caseload-audit-2023-24"}


def test_the_table_has_its_own_page_with_no_image_embed_or_chart_script(site):
    folder = site / "charts" / TABLE
    # Its page, its rows and its citation: no image, spec or embed.
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")) == [
        "index.html",
        f"{TABLE}.bib",
        f"{TABLE}.csl.json",
        f"{TABLE}.csv",
        f"{TABLE}.ris",
    ]
    chart_page = page(site, f"charts/{TABLE}/index.html")
    assert (
        chart_page.title.text
        == "Table: Average caseload of each team audited in 2023/24 | Coventry social care caseloads"
    )
    assert chart_page.find(attrs={"aria-current": "page"}).text == (
        "Table: Average caseload of each team audited in 2023/24"
    )
    assert chart_page.find(id="embed") is None
    assert chart_page.find(string=re.compile("Embed this")) is None
    assert chart_page.find("meta", property="og:image") is None
    assert chart_page.find("script", src=re.compile("charts.js")) is None
    assert chart_page.find(id="cite").text == "Cite this table"
    assert "[table]" in chart_page.find(class_="citation").text
    rows = [[cell.text for cell in tr.find_all(["th", "td"])] for tr in chart_page.tbody.find_all("tr")]
    assert rows == source_rows()


def test_a_page_with_only_a_table_loads_no_chart_script_and_shows_no_image(site):
    only = page(site, TABLE_ONLY)
    assert only.find("figure", id=f"figure-{TABLE}") is not None
    assert only.find("script", src=re.compile("charts.js")) is None
    assert only.find("meta", property="og:image") is None


def test_a_page_placing_a_table_first_shows_its_first_chart_as_image(site):
    audit = page(site, AUDIT)
    image = audit.find("meta", property="og:image")["content"]
    # An address that leaves the site: absolute, from the preview's placeholder address here.
    assert image == f"{PREVIEW_URL}/charts/caseload-by-team-2023-24/caseload-by-team-2023-24.png"
    assert (site / image.removeprefix(f"{PREVIEW_URL}/")).is_file()
    assert audit.find("script", src=re.compile("charts.js")) is not None


def test_every_open_graph_image_sitemap_address_and_link_exists(site):
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        image = soup.find("meta", property="og:image")
        if image:
            assert (site / image["content"].removeprefix(f"{PREVIEW_URL}/")).is_file(), path
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    addresses = re.findall(rf"<loc>{re.escape(PREVIEW_URL)}/(.*?)</loc>", sitemap)
    assert f"charts/{TABLE}/" in addresses
    assert not [address for address in addresses if not (site / address / "index.html").is_file()]
    assert "embed" not in sitemap
    problems, _, _ = check_site(site)
    # Pagefind's files are written by `make html` after Pelican, so a Pelican build alone lacks them.
    assert [str(problem) for problem in problems if "pagefind/" not in str(problem)] == []


def test_a_table_still_needs_a_numeric_value(data_copy):
    declaration = DECLARATION.replace("    value: average_caseload\n", "")
    assert problems_after(data_copy, "charts.yaml", "charts:\n", declaration) == [
        f'data/charts.yaml, chart "{TABLE}": is missing "value"'
    ]
    shutil.copy(ROOT / "data" / "charts.yaml", data_copy / "charts.yaml")
    declaration = DECLARATION.replace("value: average_caseload", "value: team")
    assert problems_after(data_copy, "charts.yaml", "charts:\n", declaration) == [
        f'data/charts.yaml, chart "{TABLE}": value "team" is not a numeric column '
        "(expected a number or integer column)"
    ]
