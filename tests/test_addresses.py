"""Addresses that work anywhere: a site published at its public address (under a sub-path) gives every address
that leaves it absolute from that address, keeps its links between pages relative, and is refused without it."""

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path
from unittest import mock

import extruct
import pytest
import yaml
from bs4 import BeautifulSoup
from site_build import ROOT, page, printed_by, run_pelican

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

PUBLIC = "https://data.example.gov.uk/caseloads"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHARTS = yaml.safe_load((ROOT / "data" / "charts.yaml").read_text(encoding="utf-8"))["charts"]
PUBLICATIONS = yaml.safe_load((ROOT / "data" / "publications.yaml").read_text(encoding="utf-8"))[
    "publications"
]


CONTACT = "caseloads@example.gov.uk"


def publish(output: Path, *overrides: str, public: str | None = PUBLIC, contact: str | None = CONTACT):
    """`make publish`'s Pelican run, with TRANSPARENCY_PUBLIC_URL and TRANSPARENCY_CONTACT in the environment
    (or not at all)."""
    unset = ("TRANSPARENCY_PUBLIC_URL", "TRANSPARENCY_CONTACT")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    if public is not None:
        environment["TRANSPARENCY_PUBLIC_URL"] = public
    if contact is not None:
        environment["TRANSPARENCY_CONTACT"] = contact
    with mock.patch.dict(os.environ, environment, clear=True):
        return run_pelican(output, "publishconf.py", *overrides)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published") / "output"
    result = publish(output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Preview build" not in result.stdout
    return output


def html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.is_relative_to(site / "pagefind")]


def test_publishing_without_the_address_is_refused_naming_the_setting(tmp_path):
    output = tmp_path / "output"
    result = publish(output, public=None)
    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert "1 problem found; nothing was published:" in message
    assert "TRANSPARENCY_PUBLIC_URL: is not set" in message
    assert not output.exists() or not any(output.iterdir())


def test_publishing_without_a_contact_route_is_refused_naming_the_setting(tmp_path):
    output = tmp_path / "output"
    result = publish(output, contact=None)
    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert "1 problem found; nothing was published:" in message
    assert "TRANSPARENCY_CONTACT: is not set" in message


def test_the_contact_route_is_on_the_contact_page_and_in_the_accessibility_statement(published):
    for path in ("contact/index.html", "accessibility/index.html"):
        links = [a["href"] for a in page(published, path).find_all("a")]
        assert f"mailto:{CONTACT}" in links, path


def test_feeds_must_use_the_public_address(tmp_path):
    result = publish(tmp_path / "output", 'SITEURL="https://elsewhere.example"')
    assert result.returncode != 0
    assert f'SITEURL: is "https://elsewhere.example", not the public address "{PUBLIC}"' in (
        result.stdout + result.stderr
    )


def test_a_preview_says_in_one_line_that_its_addresses_are_placeholders(site):
    # The run's shared build is a preview build, with pelicanconf.py.
    [line] = [
        line for line in printed_by(site).read_text(encoding="utf-8").splitlines() if "placeholder" in line
    ]
    assert "set TRANSPARENCY_PUBLIC_URL" in line
    chart = page(site, f"charts/{CHARTS[0]['id']}/index.html")
    assert (
        "preview address: set TRANSPARENCY_PUBLIC_URL before publishing" in chart.find(id="embed").parent.text
    )
    assert "preview address: set TRANSPARENCY_PUBLIC_URL" in chart.select_one(".citation").text


def test_embed_snippets_and_citations_are_absolute(published):
    for chart in CHARTS:
        html = page(published, f"charts/{chart['id']}/index.html")
        assert "preview address" not in html.text
        citation = html.select_one(".citation").get_text()
        assert f"Available at: {PUBLIC}/charts/{chart['id']}/ (Accessed: [date])" in citation
        for extension in ("bib", "ris", "csl.json"):
            text = (published / "charts" / chart["id"] / f"{chart['id']}.{extension}").read_text()
            assert f"{PUBLIC}/charts/{chart['id']}/" in text, extension
        if chart.get("kind") == "table":
            assert html.find(id="embed") is None
            continue
        snippet = BeautifulSoup(html.find(id="embed").find_next("code").get_text(), "html.parser")
        assert snippet.iframe["src"] == f"{PUBLIC}/charts/{chart['id']}/embed/"


def test_open_graph_addresses_are_absolute(published):
    for path in html_pages(published):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        og_url = html.find("meta", property="og:url")
        if path.parent.name == "embed":
            continue  # an embed is no page to share: it has no Open Graph
        where = str(path.relative_to(published)).removesuffix("index.html")
        assert og_url["content"] == f"{PUBLIC}/{where}", path
        image = html.find("meta", property="og:image")
        if image:
            assert image["content"].startswith(f"{PUBLIC}/charts/"), path
            assert (published / image["content"].removeprefix(PUBLIC + "/")).is_file()


def test_json_ld_addresses_are_absolute(published):
    for path in sorted(published.glob("datasets/*/index.html")):
        [dataset] = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]
        assert dataset["url"] == f"{PUBLIC}/datasets/{path.parent.name}/"
        for download in dataset["distribution"]:
            assert download["contentUrl"].startswith(f"{PUBLIC}/data/{path.parent.name}.")
            assert (published / download["contentUrl"].removeprefix(PUBLIC + "/")).is_file()


def test_feeds_link_and_identify_entries_from_the_public_address(published):
    first_published = {p["id"]: p.get("first_published") for p in PUBLICATIONS}
    for feed_path in sorted((published / "feeds").glob("*.xml")):
        feed = ElementTree.parse(feed_path).getroot()
        for link in feed.iter(f"{ATOM}link"):
            assert link.get("href").startswith(f"{PUBLIC}/"), (feed_path, link.get("href"))
        for entry in feed.iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link").get("href")
            slug = link.removeprefix(f"{PUBLIC}/publications/").strip("/")
            day: date = first_published[slug]
            assert (
                entry.find(f"{ATOM}id").text
                == f"tag:data.example.gov.uk,{day.isoformat()}:/caseloads/publications/{slug}/"
            )


def test_sitemap_locations_are_absolute_pages(published):
    root = ElementTree.parse(published / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations
    for location in locations:
        assert location.startswith(f"{PUBLIC}/"), location
        assert (published / location.removeprefix(f"{PUBLIC}/") / "index.html").is_file(), location


def test_the_data_package_points_home_and_keeps_its_files_relative(published):
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert package["homepage"] == f"{PUBLIC}/datasets/"
    for resource in package["resources"]:
        assert not re.match(r"[a-z]+:|/", resource["path"])
        assert (published / resource["path"]).is_file()


def test_links_between_pages_stay_relative(published):
    for path in html_pages(published):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(["a", "link", "script", "img", "iframe"]):
            address = tag.get("href") or tag.get("src") or ""
            assert not address.startswith((PUBLIC, "/")), f"{path}: {address}"
            # Pagefind's files are written by `make html` after Pelican, not in this build.
            local = not re.match(r"https?://", address) and not address.startswith(("#", "mailto:", "tel:"))
            if local and "pagefind/" not in address:
                target = (path.parent / address.split("#")[0]).resolve()
                assert target.exists(), f"{path}: {address}"
