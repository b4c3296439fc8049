"""A complete catalogue: every published table in the data package, the catalogue and a page of its own, with
licences, sources and schema.org metadata taken from data/, and all the data in one zip."""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
import zipfile
from urllib.parse import urlsplit

import extruct
import frictionless
import yaml
from site_build import ROOT, page

import pelicanconf

DATA = ROOT / "data"
PACKAGE = yaml.safe_load((DATA / "datapackage.yaml").read_text(encoding="utf-8"))
PUBLICATIONS = {
    p["id"]: p
    for p in yaml.safe_load((DATA / "publications.yaml").read_text(encoding="utf-8"))["publications"]
}
COMPARISONS = yaml.safe_load((DATA / "charts.yaml").read_text(encoding="utf-8"))["comparisons"]
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
TABLES = list(RESOURCES) + [c["id"] for c in COMPARISONS]


def rows(name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((DATA / RESOURCES[name]["path"]).read_text(encoding="utf-8"))))


def publications_of(name: str) -> list[dict]:
    table = (
        rows(name) if name in RESOURCES else rows(next(c["dataset"] for c in COMPARISONS if c["id"] == name))
    )
    return [
        PUBLICATIONS[i] for i in dict.fromkeys(row["publication"] for row in table if "publication" in row)
    ]


def test_every_published_table_is_catalogued_with_a_page(site):
    published = sorted(path.stem for path in (site / "data").glob("*.csv"))
    assert published == sorted(TABLES)
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == TABLES
    listed = [a["href"] for a in page(site, "datasets/index.html").select(".publication-list > li > a")]
    assert listed == [f"../datasets/{name}/" for name in TABLES]
    for name in TABLES:
        assert (site / "datasets" / name / "index.html").is_file(), name


def test_the_package_names_its_homepage_licences_and_sources(site):
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert urlsplit(package["homepage"]).scheme in ("http", "https")
    assert package["homepage"].endswith("/datasets/")
    assert {
        "title": pelicanconf.TRANSPARENCY_SITE_LICENCE["name"],
        "path": pelicanconf.TRANSPARENCY_SITE_LICENCE["url"],
    } in package["licenses"]
    paths = {source.get("path") for source in package["sources"]}
    assert {p["url"] for p in PUBLICATIONS.values() if p.get("url")} <= paths
    for resource in package["resources"]:
        stated = [p["licence"]["url"] for p in publications_of(resource["name"]) if p.get("licence")]
        everyone = all(p.get("licence") for p in publications_of(resource["name"]))
        if resource["name"] in RESOURCES and everyone and stated:
            assert [licence["path"] for licence in resource["licenses"]] == list(dict.fromkeys(stated))
        titles = " ".join(source["title"] for source in resource["sources"])
        for publication in publications_of(resource["name"]):
            assert publication["title"] in titles, resource["name"]


def test_the_zip_holds_every_table_and_a_valid_package(site, tmp_path):
    catalogue = page(site, "datasets/index.html")
    link = catalogue.find("a", href="../data/all-data.zip")
    assert link and "Download all data" in link.get_text()
    with zipfile.ZipFile(site / "data" / "all-data.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert set(names) == {"datapackage.json", *(f"data/{name}.csv" for name in TABLES)}
        newest = max(r["last_updated"] for r in PACKAGE["resources"])
        assert {info.date_time for info in archive.infolist()} == {
            (newest.year, newest.month, newest.day, 0, 0, 0)
        }
        for name in names:
            assert archive.read(name) == (site / name).read_bytes(), name
        archive.extractall(tmp_path)
    report = frictionless.Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_dataset_json_ld_has_what_google_asks_for(site):
    for name in TABLES:
        html = (site / "datasets" / name / "index.html").read_text(encoding="utf-8")
        [dataset] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        assert dataset["@type"] == "Dataset"
        assert dataset["name"] and len(dataset["description"]) >= 50  # required; Google wants 50+ characters
        for key in ("url", "identifier", "creator", "temporalCoverage", "distribution", "dateModified"):
            assert dataset.get(key), (name, key)
        for download in dataset["distribution"]:
            assert urlsplit(download["contentUrl"]).scheme in ("http", "https")
            assert download["contentUrl"].endswith((f"/data/{name}.csv", f"/data/{name}.json"))
        derived = [c["dataset"] for c in COMPARISONS if c["id"] == name] + [
            c["mapping"] for c in COMPARISONS if c["id"] == name
        ]
        modified = (
            RESOURCES[name]["last_updated"]
            if name in RESOURCES
            else max(RESOURCES[d]["last_updated"] for d in derived)
        )
        assert dataset["dateModified"] == modified.isoformat()
        if name in RESOURCES and any(f["name"] == "area" for f in RESOURCES[name]["schema"]["fields"]):
            places = list(dict.fromkeys(row["area"] for row in rows(name)))
        else:
            places = [pelicanconf.TRANSPARENCY_AREA]
        covered = dataset["spatialCoverage"]
        assert [p["name"] for p in (covered if isinstance(covered, list) else [covered])] == places
        licences = [p.get("licence") for p in publications_of(name)]
        if (
            name in RESOURCES
            and licences
            and all(licences)
            and name not in {c["mapping"] for c in COMPARISONS}
        ):
            assert dataset["license"] == licences[0]["url"]
        elif name in {c["mapping"] for c in COMPARISONS}:
            assert dataset["license"] == pelicanconf.TRANSPARENCY_SITE_LICENCE["url"]  # the site's own table
        else:
            assert "license" not in dataset, name  # the source states none: none is claimed


def test_every_sitemap_location_is_a_page(site):
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    home = min(locations, key=len)
    assert urlsplit(home).scheme in ("http", "https") and home.endswith("/")
    for location in locations:
        assert location.startswith(home)
        assert (site / location.removeprefix(home) / "index.html").is_file(), location
    for name in TABLES:
        assert f"{home}datasets/{name}/" in locations


def test_the_reuse_page_states_the_sites_licence(site):
    section = page(site, "reuse/index.html").find(id="site-licence").parent
    assert section.find("a", href=pelicanconf.TRANSPARENCY_SITE_LICENCE["url"])
    assert section.find("blockquote") is None  # the site's words
