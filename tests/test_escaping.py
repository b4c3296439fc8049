"""Text from data/ stays text: quotes and markup in every text field of the YAML files and in CSV cells
cannot add an element, an attribute or a comment to any page, nor break the XML, SVG, JSON or CSV files.

Two builds of copies of the project whose text fields are all rewritten, the same way: in the plain build as
plain words ("title of asc-caseload-audit-2024-25"), in the hostile build as the same words followed by
quotes and markup. Every output file of the hostile build is parsed (HTML as a browser tokenises it, with
html5lib) and must hold exactly the elements, attributes and comments of the plain build's, while the hostile
text reads back, as text, where it belongs."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import extruct
import html5lib
import pytest
import yaml
from bs4 import BeautifulSoup, Comment
from site_build import ROOT, copy_project, run_pelican

import pelicanconf

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

# Every character that means something in HTML or XML, and markup a browser would act on.
PAYLOAD = (
    "\"'<>& <b>x</b> <iframe src=x> <!--<script> ]]> "
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
)
# CSV cells, named in every table that holds them so that mappings and cross-checks still join. They are
# chart labels, which may be at most 40 characters long: the markup that fits.
LABEL_PAYLOAD = "\"'<>&<b>x</b><!--"
TEAM = "=Hospital Team " + LABEL_PAYLOAD  # a cell that looks like a formula, too
ROLE = "+Community case worker " + LABEL_PAYLOAD
SERVICE = "Hospital discharge " + LABEL_PAYLOAD
CELLS = {"Hospital Team": TEAM, "Community case worker": ROLE, "Hospital discharge": SERVICE}
# The service's page set page is at the service's name made into an address: markup leaves letters only.
SERVICE_ADDRESS = ("hospital-discharge-b-x-b", "hospital-discharge")
SITENAME = pelicanconf.SITENAME


def declared(file_name: str, key: str) -> dict[str, dict]:
    """The entries of one of data/'s YAML files, by id or name."""
    entries = yaml.safe_load((ROOT / "data" / file_name).read_text(encoding="utf-8"))[key]
    return {entry.get("id") or entry["name"]: entry for entry in entries}


PUBLICATIONS = declared("publications.yaml", "publications")
CHARTS = declared("charts.yaml", "charts")
RESOURCES = declared("datapackage.yaml", "resources")


def hostile(what: str) -> str:
    return f"{what} {PAYLOAD}"


def plain(what: str) -> str:
    return what


def edit_yaml(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rewrite_publications(document: dict, text) -> None:
    for name in document["caveats"]:
        document["caveats"][name] = text(f"Caveat {name}")
    for publication in document["publications"]:
        pid = publication["id"]
        for key in ("title", "short_title", "publisher", "reference", "methodology", "source_document"):
            publication[key] = text(f"{key} of {pid}")
        publication["reuse_terms"] = text(f"reuse_terms of {pid}")
        publication["period"]["label"] = text(f"period of {pid}")
        publication["updates"] = [{"date": datetime.date(2026, 11, 24), "note": text(f"update of {pid}")}]


def rewrite_charts(document: dict, text) -> None:
    for chart in document["charts"]:
        chart["title"] = text(f"title of {chart['id']}")
        chart["subtitle"] = text(f"subtitle of {chart['id']}")
        chart["notes"] = [text(f"note of {chart['id']}")]


def rewrite_package(document: dict, text) -> None:
    document["title"] = text("package title")
    document["description"] = text("package description")
    for resource in document["resources"]:
        resource["title"] = text(f"title of {resource['name']}")
        resource["description"] = text(f"description of {resource['name']}")
        for field in resource["schema"]["fields"]:
            field["title"] = text(f"{field['name']} in {resource['name']}")
            field["description"] = text(f"description of {field['name']} in {resource['name']}")


def rewrite_page_sets(document: dict, text) -> None:
    for page_set in document["page_sets"]:
        sid, key = page_set["id"], page_set["key"]
        for name in ("title", "summary"):
            page_set[name] = text(f"{name} of set {sid}")
        for name in ("page_title", "page_summary"):
            page_set[name] = text(f"{name} of set {sid}") + f" {{{key}}}"
        for chart in page_set.get("charts", []):
            # Drawn, its bars would carry the rewritten publications' long short titles, which the build
            # refuses to cut; as a table it shows the same titles (drawn charts' text is tested above).
            chart["kind"] = "table"
            chart["title"] = text(f"title of {sid} chart {chart['id']}") + f" {{{key}}}"
            chart["subtitle"] = text(f"subtitle of {sid} chart {chart['id']}")


def rewrite_cells(data: Path, text, cells: dict[str, str]) -> None:
    for path in data.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        header = rows[0]
        for row in rows[1:]:
            for i, cell in enumerate(row):
                if header[i] == "note" and cell:
                    row[i] = text("mapping note")
                else:
                    row[i] = cells.get(cell, cell)
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, lineterminator="\n").writerows(rows)


def rewrite(data: Path, text, cells: dict[str, str]) -> None:
    """Every text field of data/ as text(a name for the field); CSV cells as `cells` says."""
    edit_yaml(data / "publications.yaml", lambda document: rewrite_publications(document, text))
    edit_yaml(data / "charts.yaml", lambda document: rewrite_charts(document, text))
    edit_yaml(data / "datapackage.yaml", lambda document: rewrite_package(document, text))
    edit_yaml(data / "page-sets.yaml", lambda document: rewrite_page_sets(document, text))
    rewrite_cells(data, text, cells)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """The plain project and the hostile one, built with the test run's chart cache (the plain one's charts
    are the real site's, drawn once per run)."""
    folder = tmp_path_factory.mktemp("escaping")
    result = {}
    for name, text, cells in (("plain", plain, {}), ("hostile", hostile, CELLS)):
        project = copy_project(folder / name)
        rewrite(project / "data", text, cells)
        built = run_pelican(project / "output", "pelicanconf.py", cwd=project)
        assert built.returncode == 0, built.stdout + built.stderr
        result[name] = project / "output"
    return result


def files(site: Path, *suffixes: str) -> dict[str, Path]:
    """Every file by its path, the hostile service's pages under the plain one's address."""
    return {
        str(path.relative_to(site)).replace(*SERVICE_ADDRESS): path
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name.endswith(suffixes)
    }


def html_shape(path: Path) -> tuple[Counter, set, set]:
    """Elements (counted), attributes (by element) and comments of a page, as a browser would parse it."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    document = parser.parse(path.read_text(encoding="utf-8"))
    assert parser.errors == [], (path, parser.errors[:3])
    tags, attributes, comments = Counter(), set(), set()
    for element in document.iter():
        if element.tag is ElementTree.Comment:
            comments.add(element.text)
            continue
        # Longer text wraps onto more lines in a chart (a tspan each): lines, not injected elements.
        tags[element.tag] += 0 if element.tag.endswith("tspan") else 1
        attributes.update((element.tag, name) for name in element.attrib)
    return tags, attributes, comments


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html5lib")


def texts(page: BeautifulSoup, selector: str) -> list[str]:
    return [element.get_text() for element in page.select(selector)]


def meta(page: BeautifulSoup, **attributes) -> str:
    return page.find("meta", attrs=attributes)["content"]


def test_the_same_files_are_written(builds):
    assert files(builds["hostile"]).keys() == files(builds["plain"]).keys()
    css = "theme/css/council.css"
    assert (builds["hostile"] / css).read_bytes() == (builds["plain"] / css).read_bytes()
    colours = [
        f"  --{name.replace('_', '-')}: {colour};" for name, colour in pelicanconf.COUNCIL_COLOURS.items()
    ]
    assert (builds["hostile"] / css).read_text(encoding="utf-8").splitlines()[2:-1] == colours


def test_no_page_gains_an_element_attribute_or_comment(builds):
    plain_pages, hostile_pages = files(builds["plain"], ".html"), files(builds["hostile"], ".html")
    assert plain_pages.keys() == hostile_pages.keys()
    for path, file in hostile_pages.items():
        tags, attributes, comments = html_shape(file)
        plain_tags, plain_attributes, plain_comments = html_shape(plain_pages[path])
        assert tags == plain_tags, (path, tags - plain_tags, plain_tags - tags)
        assert attributes == plain_attributes, (path, attributes ^ plain_attributes)
        assert comments == plain_comments, (path, comments ^ plain_comments)
    shown = 0
    for path, file in hostile_pages.items():
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html5lib")
        assert [m["http-equiv"] for m in page.find_all("meta", attrs={"http-equiv": True})] == [
            "Content-Security-Policy"
        ], path
        assert page.find(string=lambda s: isinstance(s, Comment)) is None, path
        for script in page.find_all("script"):
            # An inline script holds JSON only, with no "<" that could end or comment out the element.
            assert "<" not in script.get_text() and ">" not in script.get_text(), path
        values = [
            value for tag in page.find_all(True) for value in tag.attrs.values() if isinstance(value, str)
        ]
        shown += sum(text.count(PAYLOAD) for text in [page.get_text(), *values])
    # The payload is on the pages whole, as text and as attribute values, many times.
    assert shown > 100


def test_a_publication_page_shows_each_field_as_text(builds):
    for pid in ("asc-caseload-audit-2024-25", "foi-485106426"):
        title = hostile(f"title of {pid}")
        page = soup(builds["hostile"], f"publications/{pid}/index.html")
        assert page.h1.get_text() == title
        assert page.title.get_text() == f"{title} | {SITENAME}"
        assert meta(page, property="og:title") == f"{title} | {SITENAME}"
        assert meta(page, name="twitter:title") == f"{title} | {SITENAME}"
        assert texts(page, ".breadcrumbs li")[-1] == title
        facts = dict(
            zip(texts(page, ".publication-facts dt"), texts(page, ".publication-facts dd"), strict=True)
        )
        assert facts["Publisher"] == hostile(f"publisher of {pid}")
        assert facts["Reference"] == hostile(f"reference of {pid}")
        assert facts["Period covered"] == hostile(f"period of {pid}")
        known = " (no public address is known)" if PUBLICATIONS[pid].get("url") is None else ""
        assert facts["Source document"] == hostile(f"source_document of {pid}") + known
        assert texts(page, ".publication-updates li") == ["24 November 2026: " + hostile(f"update of {pid}")]
        terms = page.select_one(".publication-terms")
        assert hostile(f"methodology of {pid}") in texts(terms, "p")
        assert texts(terms, "ul li") == [hostile(f"Caveat {name}") for name in PUBLICATIONS[pid]["caveats"]]
        assert texts(terms, "blockquote p") == [hostile(f"reuse_terms of {pid}")]
    audit = soup(builds["hostile"], "publications/asc-caseload-audit-2024-25/index.html")
    assert ROLE in texts(audit, "figure tbody th")
    assert SERVICE in [th.get_text(" ", strip=True) for th in audit.select(".changes tbody th")]
    assert hostile("short_title of asc-caseload-audit-2024-25") in texts(audit, ".changes thead th")
    listing = soup(builds["hostile"], "publications/index.html")
    assert hostile("title of foi-485106426") in texts(listing, ".publication-list a")


def test_a_chart_page_its_embed_snippet_and_embed_show_the_text(builds):
    for chart_id, declaration in CHARTS.items():
        title, subtitle = hostile(f"title of {chart_id}"), hostile(f"subtitle of {chart_id}")
        page = soup(builds["hostile"], f"charts/{chart_id}/index.html")
        assert page.h1.get_text() == title
        assert meta(page, property="og:title") == f"{title} | {SITENAME}"
        assert meta(page, name="description") == subtitle
        assert texts(page, ".figure-subtitle") == [subtitle]
        caveats = [hostile(f"Caveat {name}") for name in declaration.get("caveats", [])]
        assert texts(page, ".figure-notes li") == [hostile(f"note of {chart_id}"), *caveats]
        assert f"{title} [chart]" in page.select_one(".citation").get_text()
        # The snippet a journalist copies is itself HTML: one iframe, with the title as its attribute.
        snippet = BeautifulSoup(page.select_one("pre.snippet code").get_text(), "html5lib")
        [iframe] = snippet.find_all("iframe")
        assert iframe["title"] == title
        assert iframe["src"] == f"http://127.0.0.1:8000/charts/{chart_id}/embed/"  # a preview's placeholder
        assert snippet.body.find_all(True) == [iframe]
        embed = soup(builds["hostile"], f"charts/{chart_id}/embed/index.html")
        assert texts(embed, ".figure-title") == [title]
        assert embed.title.get_text() == f"{title} | {SITENAME}"
    team_chart = soup(builds["hostile"], "charts/caseload-by-team-2019-20/index.html")
    assert TEAM in texts(team_chart, "figure tbody th")


def test_a_dataset_page_and_its_json_ld_show_the_text(builds):
    for name, resource in RESOURCES.items():
        title, description = hostile(f"title of {name}"), hostile(f"description of {name}")
        fields = [field["name"] for field in resource["schema"]["fields"]]
        path = builds["hostile"] / "datasets" / name / "index.html"
        page = soup(builds["hostile"], f"datasets/{name}/index.html")
        assert page.h1.get_text() == title
        assert meta(page, name="description") == description
        assert meta(page, property="og:description") == description
        assert description in texts(page, "main p")
        rows = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in page.select("tbody tr")]
        assert [row[3] for row in rows] == [hostile(f"description of {field} in {name}") for field in fields]
        [script] = page.find_all("script", type="application/ld+json")
        document = json.loads(script.string)
        assert (document["name"], document["description"]) == (title, description)
        assert document["variableMeasured"] == [hostile(f"{field} in {name}") for field in fields]
        [extracted] = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]
        assert extracted["name"] == title
    catalogue = soup(builds["hostile"], "datasets/index.html")
    assert hostile("description of team-mapping") in texts(catalogue, ".publication-list p")


def xml_tags(path: Path) -> Counter:
    """Elements by kind; a chart's wrapped lines of text (tspan) vary with the text's length, so uncounted."""
    return Counter(
        element.tag for element in ElementTree.parse(path).iter() if not element.tag.endswith("tspan")
    )


def test_svg_and_xml_files_parse_and_gain_no_element(builds):
    plain = files(builds["plain"], ".svg", ".xml")
    assert {path for path in plain if path.endswith(".svg")} and "sitemap.xml" in plain
    for path, file in files(builds["hostile"], ".svg", ".xml").items():
        assert xml_tags(file) == xml_tags(plain[path]), path
    svg = (builds["hostile"] / "charts/caseload-by-team-2019-20/caseload-by-team-2019-20.svg").read_text(
        encoding="utf-8"
    )
    labels = [
        element.text for element in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert any(label and label.startswith("=Hospital Team") for label in labels)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(builds["hostile"] / "feeds/all.atom.xml").getroot()
    titles = [entry.find(f"{atom}title").text for entry in feed.iter(f"{atom}entry")]
    # Pelican treats an article's title as HTML in its feeds and strips the tags from it: the words stay.
    assert "title of foi-485106426" in " ".join(titles)


def test_json_and_csv_files_parse_and_keep_the_text(builds):
    site = builds["hostile"]
    for file in files(site, ".json").values():
        json.loads(file.read_text(encoding="utf-8"))
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title"] == hostile("package title")
    spec = json.loads(
        (site / "charts/caseload-by-team-2019-20/caseload-by-team-2019-20.vl.json").read_text(
            encoding="utf-8"
        )
    )
    assert TEAM in [value["team"] for value in spec["data"]["values"]]
    for path, file in files(site, ".csv").items():
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"))))
        plain = list(csv.reader(io.StringIO((builds["plain"] / path).read_text(encoding="utf-8-sig"))))
        assert rows[0] == plain[0] and len(rows) == len(plain), path
        assert all(len(row) == len(rows[0]) for row in rows), path
    teams = list(
        csv.reader(io.StringIO((site / "data/adult-caseload-by-team.csv").read_text(encoding="utf-8-sig")))
    )
    assert ["asc-caseload-audit-2019-20", "'" + TEAM, "20.6"] in teams  # text, never a formula


def test_a_page_set_page_shows_each_field_as_text(builds):
    page = soup(builds["hostile"], f"services/{SERVICE_ADDRESS[0]}/index.html")
    assert page.h1.get_text() == hostile("page_title of set services") + " " + SERVICE
    assert meta(page, name="description") == hostile("page_summary of set services") + " " + SERVICE
    assert texts(page, ".breadcrumbs li")[1] == hostile("title of set services")
    assert TEAM in texts(page, "table.figure-table tbody td")[1]
    index = soup(builds["hostile"], "services/index.html")
    assert index.h1.get_text() == hostile("title of set services")
    assert SERVICE in texts(index, "table.sortable tbody th")
