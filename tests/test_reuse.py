"""Reuse: every chart and dataset downloadable, embeddable and citable, and every file agrees with data/."""

import csv
import io
import json
import re
import shutil

import extruct
import frictionless
import pandas
import vl_convert
from bs4 import BeautifulSoup
from site_build import ROOT, page, run_pelican


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_chart_csv_holds_exactly_the_rows_behind_the_chart(site, site_data):
    for chart in site_data.charts.values():
        dataset = site_data.datasets[chart.dataset]
        if dataset.derived_from:
            continue  # a comparison has no file of its own: see test_comparisons
        source = rows_of((ROOT / "data" / dataset.path).read_text(encoding="utf-8"))
        wanted = [source[0]] + [
            row for row in source[1:] if all(row[source[0].index(c)] == v for c, v in chart.filter)
        ]
        published = (site / "charts" / chart.id / f"{chart.id}.csv").read_bytes()
        assert published.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
        assert rows_of(published.decode("utf-8-sig")) == wanted


def test_dataset_csv_and_json_match_data(site, site_data):
    for dataset in (d for d in site_data.datasets.values() if not d.derived_from):
        source = rows_of((ROOT / "data" / dataset.path).read_text(encoding="utf-8"))
        assert rows_of((site / "data" / f"{dataset.name}.csv").read_text(encoding="utf-8-sig")) == source
        document = json.loads((site / "data" / f"{dataset.name}.json").read_text(encoding="utf-8"))
        as_text = [[str(row[name]) for name in source[0]] for row in document["rows"]]
        # JSON numbers drop a trailing ".0" ("40.0" -> 40.0 -> "40.0"; "17" -> 17): compare as numbers.
        assert len(as_text) == len(source) - 1
        for json_row, csv_row in zip(as_text, source[1:], strict=True):
            for json_cell, csv_cell in zip(json_row, csv_row, strict=True):
                assert json_cell in (csv_cell, "None" if csv_cell == "" else csv_cell) or float(
                    json_cell
                ) == float(csv_cell)


def test_pandas_reads_every_csv_with_its_columns_numbers_and_apostrophes(site, site_data):
    published = [*site.glob("data/*.csv"), *site.glob("charts/*/*.csv")]
    assert len(published) >= len(site_data.datasets) + len(site_data.charts)
    for path in published:
        name = path.stem if path.parent.name == "data" else site_data.charts[path.stem].dataset
        dataset = site_data.datasets[name]
        table = pandas.read_csv(path)  # pandas' defaults: UTF-8, byte-order mark dropped
        assert list(table.columns) == list(dataset.field_names), path
        for field in dataset.fields:
            if field.is_number:
                assert pandas.api.types.is_numeric_dtype(table[field.name]), (path, field.name)
    teams = pandas.read_csv(site / "data" / "adult-caseload-by-team.csv")
    assert "Older People’s Team" in set(teams["team"])
    rows = site_data.datasets["adult-caseload-by-team"].rows
    assert list(teams["average_caseload"]) == [float(row["average_caseload"]) for row in rows]


def test_the_pages_spec_renders_to_the_chart_drawn_in_the_page(site, site_data):
    # The download's spec renders to the download's picture (tests/test_downloads.py); the page's own spec,
    # which an interactive chart redraws, renders to the SVG in the page.
    for chart_id in (c for c, chart in site_data.charts.items() if not chart.is_table):
        folder = site / "charts" / chart_id
        spec = json.loads((folder / f"{chart_id}.page.vl.json").read_text(encoding="utf-8"))
        svg = vl_convert.vegalite_to_svg(spec)
        inline = re.search(r"<svg.*?</svg>", (folder / "index.html").read_text(encoding="utf-8"), re.S)[0]
        assert (
            re.sub(
                r'<svg role="img" focusable="false" aria-labelledby="[^"]+" aria-describedby="[^"]+"',
                "<svg",
                inline,
            )
            == svg
        )
        assert (folder / f"{chart_id}.png").read_bytes().startswith(b"\x89PNG")


def test_chart_page_offers_every_file_embed_and_citation(site):
    html = page(site, "charts/caseload-by-team-2024-25/index.html")
    hrefs = {a["href"] for a in html.select("figure a")}
    for extension in ("csv", "svg", "png", "vl.json"):
        assert f"../../charts/caseload-by-team-2024-25/caseload-by-team-2024-25.{extension}" in hrefs
    assert re.search(r"\d+ KB", html.find("a", href=re.compile(r"\.png$")).get_text())
    snippet = html.find(id="embed").find_next("code").get_text()
    # A preview build: outward addresses start from the placeholder (tests/test_addresses.py: a real one).
    assert snippet.startswith('<iframe src="http://127.0.0.1:8000/charts/caseload-by-team-2024-25/embed/"')
    citation = html.find(class_="citation").get_text()
    assert citation.startswith(
        "Coventry social care caseloads (2026) The Occupational Therapy Team had the highest"
    )
    assert (
        "Coventry City Council, Adult Social Care Caseload and Workload Audit 2024 to 2025, date not stated in "
        "the source, covering August 2024 to July 2025" in citation
    )
    assert "states no re-use terms" in html.find(id="cite").find_parent("section").get_text()
    foi = (
        page(site, "charts/children-caseload-per-fte-2017-2022/index.html")
        .find(id="cite")
        .find_parent("section")
    )
    assert (
        "Coventry City Council, Information Governance Team, Freedom of Information response"
        in foi.get_text()
    )
    assert "published 6 March 2023" in foi.get_text()
    assert "does not confer an automatic right to re-use" in foi.get_text()


def test_publication_figures_link_to_chart_files_in_one_click(site):
    html = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    for figure in html("figure"):
        texts = [a.get_text(" ", strip=True) for a in figure("a")]
        for kind in ("CSV", "SVG", "PNG", "Vega-Lite JSON", "Embed this chart", "Cite this chart"):
            assert any(text.startswith(kind) for text in texts), kind


def test_embed_page_has_no_navigation_and_links_back(site):
    html = page(site, "charts/caseload-by-role-2024-25/embed/index.html")
    assert html.find("nav") is None
    assert html.find("svg")["role"] == "img"
    back = html.find("a", target="_top")
    assert back["href"] == "../../../charts/caseload-by-role-2024-25/"  # relative: works under a sub-path
    assert "Source: Adult Social Care Caseload and Workload Audit 2024 to 2025" in html.get_text(" ")


def test_datapackage_validates(site):
    report = frictionless.Package(str(site / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_dataset_pages_carry_schema_org_json_ld(site, site_data):
    for name in (name for name, d in site_data.datasets.items() if not d.derived_from):
        html = (site / "datasets" / name / "index.html").read_text(encoding="utf-8")
        [dataset] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        assert dataset["@type"] == "Dataset"
        assert dataset["name"] == site_data.datasets[name].title
        assert {d["contentUrl"] for d in dataset["distribution"]} == {
            f"http://127.0.0.1:8000/data/{name}.csv",
            f"http://127.0.0.1:8000/data/{name}.json",
        }
    catalogue = page(site, "datasets/index.html")
    # Every table of data/ and every comparison (tests/test_catalogue.py).
    tables = len(list((ROOT / "data").glob("*.csv"))) + len(site_data.comparisons)
    assert len(catalogue.select(".publication-list > li")) == tables


def test_every_page_has_open_graph_and_chart_images(site):
    for path in site.rglob("*.html"):
        if path.parent.name == "embed":
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert html.find("meta", property="og:title")["content"], path
        assert html.find("meta", attrs={"name": "twitter:card"}), path
    chart = page(site, "charts/caseload-by-role-2024-25/index.html")
    # Absolute for other sites to fetch: from the placeholder in a preview, TRANSPARENCY_PUBLIC_URL when published.
    png = "http://127.0.0.1:8000/charts/caseload-by-role-2024-25/caseload-by-role-2024-25.png"
    assert chart.find("meta", property="og:image")["content"] == png
    audit = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    assert audit.find("meta", property="og:image")["content"] == png


def test_hostile_team_names_are_escaped_everywhere(tmp_path):
    project = tmp_path / "project"
    for part in ("content", "data", "theme", "plugins"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "pelicanconf.py", project)
    # Under 40 characters, so the chart draws it whole rather than asking for a short label.
    hostile = '=HYPERLINK("x","<script>alert(1)")'
    table = project / "data" / "adult-caseload-by-team.csv"
    text = table.read_text(encoding="utf-8").replace(
        "Locality Integrated Team North,", '"' + hostile.replace('"', '""') + '",', 1
    )
    table.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = run_pelican(output, "pelicanconf.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in output.rglob("*.html"):
        assert "<script>alert" not in path.read_text(encoding="utf-8"), path
    audit = BeautifulSoup(
        (output / "publications/asc-caseload-audit-2024-25/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert hostile in [th.get_text() for th in audit.select("figure tbody th")]
    for csv_path in (
        output / "data/adult-caseload-by-team.csv",
        output / "charts/caseload-by-team-2024-25/caseload-by-team-2024-25.csv",
    ):
        cells = rows_of(csv_path.read_text(encoding="utf-8-sig"))
        assert ["asc-caseload-audit-2024-25", "'" + hostile, "16.7"] in cells
        table = pandas.read_csv(csv_path)
        assert "'" + hostile in set(table["team"])  # text, never a formula
        assert table["average_caseload"].dtype == "float64"
    spec = json.loads(
        (output / "charts/caseload-by-team-2024-25/caseload-by-team-2024-25.vl.json").read_text(
            encoding="utf-8"
        )
    )
    assert hostile in [value["team"] for value in spec["data"]["values"]]
