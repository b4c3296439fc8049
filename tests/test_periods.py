"""Periods, makers and dates are true to the data: each dataset's declared period against its rows, and no
date that a source does not state in feeds or the sitemap."""

import json
import re
from datetime import date

import pytest
import yaml
from bs4 import BeautifulSoup
from site_build import ROOT, page

DATA = ROOT / "data"
PACKAGE = yaml.safe_load((DATA / "datapackage.yaml").read_text(encoding="utf-8"))
DOCUMENT = yaml.load((DATA / "publications.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
PUBLICATIONS = {entry["id"]: entry for entry in DOCUMENT["publications"]}
YEARS = re.compile(r"\b(\d{4})(?:/(\d{2}))?\b")


def json_ld(site, name: str) -> dict:
    script = page(site, f"datasets/{name}/index.html").find("script", type="application/ld+json")
    return json.loads(script.string)


def years_in(text: str) -> list[int]:
    found = []
    for start, end in YEARS.findall(text):
        found.append(int(start))
        if end:
            found.append(int(start[:2] + end))
    return found


def rows(resource: dict) -> list[dict]:
    import csv

    with (DATA / resource["path"]).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("resource", PACKAGE["resources"], ids=lambda r: r["name"])
def test_each_datasets_declared_period_is_the_period_of_its_rows(site, resource):
    coverage = json_ld(site, resource["name"])["temporalCoverage"]
    start, _, end = coverage.partition("/")
    table = rows(resource)
    if resource.get("period_field"):
        # The table says when each figure is from: the period runs from its first to its last.
        years = [year for row in table for year in years_in(row[resource["period_field"]])]
        assert (int(start), int(end or start)) == (min(years), max(years))
        return
    # Otherwise each row's publication says when its figures are from, or the publication it republishes.
    agreed = [a.get("filter", {}).get("publication") for a in resource.get("agrees_with", [])]
    ids = [i for i in agreed if i] or sorted({row["publication"] for row in table})
    periods = [PUBLICATIONS[i]["period"] for i in ids]
    assert start == min(p["start"] for p in periods)
    assert end == max(p["end"] for p in periods)


def test_a_figure_republished_from_an_audit_shows_the_audits_period(site):
    [agreement] = next(r for r in PACKAGE["resources"] if r["name"] == "foi-adult-caseload-by-team")[
        "agrees_with"
    ]
    audit = PUBLICATIONS[agreement["filter"]["publication"]]
    figure = page(site, "publications/foi-485106426/index.html").find(
        "figure", id="figure-foi-adult-caseload-by-team"
    )
    source = figure.select_one(".figure-source").get_text(" ", strip=True)
    assert f"Period: {audit['period']['label']}" in source
    assert PUBLICATIONS["foi-485106426"]["period"]["label"] not in source


def test_the_mapping_is_credited_to_the_site_and_the_figures_to_their_publishers(site):
    sitename = page(site, "index.html").find("meta", property="og:site_name")["content"]
    assert [c["name"] for c in json_ld(site, "team-mapping")["creator"]] == [sitename]
    for resource in PACKAGE["resources"]:
        if resource["name"] == "team-mapping":
            continue
        publishers = {PUBLICATIONS[row["publication"]]["publisher"] for row in rows(resource)}
        assert {c["name"] for c in json_ld(site, resource["name"])["creator"]} == publishers


def test_feeds_and_the_sitemap_date_pages_by_when_the_site_published_them_never_by_an_invented_date(site):
    feed = BeautifulSoup((site / "feeds" / "all.atom.xml").read_text(encoding="utf-8"), "xml")
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {url.loc.get_text(): url.lastmod.get_text() if url.lastmod else None for url in sitemap("url")}
    with_pages = [p for p in PUBLICATIONS.values() if p.get("article", "true") != "false"]
    assert with_pages
    for publication in with_pages:
        entry = next(
            e for e in feed("entry") if e.link["href"].endswith(f"publications/{publication['id']}/")
        )
        updates = [u["date"] for u in publication.get("updates", [])]
        expected = max([publication["first_published"], *updates])
        assert entry.published.get_text().startswith(publication["first_published"])
        assert entry.updated.get_text().startswith(expected)
        # The end of the period covered is never given as a date the page was published.
        if publication["published"] == "null":
            assert not entry.published.get_text().startswith(publication["period"]["end"])
        [loc] = [loc for loc in lastmod if loc.endswith(f"publications/{publication['id']}/")]
        assert lastmod[loc] == expected
        html = page(site, f"publications/{publication['id']}/index.html")
        day = date.fromisoformat(publication["first_published"])
        assert f"First published on this site on {day.day} {day:%B %Y}" in html.get_text(" ", strip=True)
