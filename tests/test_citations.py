"""Citations: the site as maker and publisher of its charts, the source named for the figures, the address and
"Accessed: [date]" left for the reader, as plain text, BibTeX, RIS and CSL-JSON; re-use terms quoted only
where the source states them."""

import csv
import io
import json
import re
from datetime import date

import yaml
from site_build import ROOT, page

import pelicanconf
from plugins.transparency.citation import Citation, bibtex, ris

DATA = ROOT / "data"
PACKAGE = yaml.safe_load((DATA / "datapackage.yaml").read_text(encoding="utf-8"))
PUBLICATIONS = {
    p["id"]: p
    for p in yaml.safe_load((DATA / "publications.yaml").read_text(encoding="utf-8"))["publications"]
}
CHARTS = yaml.safe_load((DATA / "charts.yaml").read_text(encoding="utf-8"))["charts"]
PATHS = {r["name"]: r["path"] for r in PACKAGE["resources"]}
SITE = pelicanconf.SITENAME


def sources_of(chart: dict) -> list[dict]:
    """The publications of the rows a chart draws, read from its CSV in data/."""
    name = chart["dataset"]
    if name not in PATHS:  # a comparison: its rows are the compared table's
        name = next(c["dataset"] for c in yaml.safe_load((DATA / "charts.yaml").read_text())["comparisons"])
    table = csv.DictReader(io.StringIO((DATA / PATHS[name]).read_text(encoding="utf-8")))
    wanted = chart.get("filter", {})
    ids = [row["publication"] for row in table if all(row.get(k) == str(v) for k, v in wanted.items())]
    return [PUBLICATIONS[i] for i in dict.fromkeys(ids)]


def balanced(text: str) -> bool:
    depth = 0
    for character in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_fields(text: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", text, flags=re.MULTILINE))


def test_each_chart_has_citations_in_four_formats(site):
    for chart in CHARTS:
        folder = site / "charts" / chart["id"]
        url_tail = f"/charts/{chart['id']}/"
        sources = sources_of(chart)
        assert sources, chart["id"]
        text = page(site, f"charts/{chart['id']}/index.html").select_one(".citation").get_text()
        assert text.startswith(f"{SITE} (")
        assert f"{chart['title']} [" in text and f"Published by {SITE}, " in text
        assert "(Accessed: [date])" in text
        for source in sources:
            assert f"{source['publisher']}, {source['title']}" in text

        [item] = json.loads((folder / f"{chart['id']}.csl.json").read_text(encoding="utf-8"))
        assert item["title"] == chart["title"] and item["type"] == "figure"
        assert item["author"] == [{"literal": SITE}] and item["publisher"] == SITE
        assert item["URL"].endswith(url_tail) and item["URL"].startswith("http")
        assert all(source["title"] in item["note"] for source in sources)

        lines = (folder / f"{chart['id']}.ris").read_text(encoding="utf-8").splitlines()
        assert lines[0] == "TY  - FIGURE" and lines[-1] == "ER  - "
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
        tags = [(line[:2], line[6:]) for line in lines]
        assert ("TI", chart["title"]) in tags and ("PB", SITE) in tags and ("AU", SITE) in tags
        assert any(tag == "UR" and value.endswith(url_tail) for tag, value in tags)
        assert all(any(tag == "N1" and s["title"] in value for tag, value in tags) for s in sources)

        entry = (folder / f"{chart['id']}.bib").read_text(encoding="utf-8")
        assert entry.startswith(f"@misc{{{chart['id']},") and balanced(entry)
        fields = bibtex_fields(entry)
        assert fields["author"] == f"{{{SITE}}}" and fields["publisher"] == SITE
        assert fields["url"].endswith(url_tail)
        assert {"title", "year", "note", "howpublished"} <= fields.keys()


def test_the_page_shows_and_offers_each_export(site):
    html = page(site, f"charts/{CHARTS[0]['id']}/index.html")
    section = html.find(id="cite").parent
    assert [d.summary.get_text() for d in section.find_all("details")] == ["BibTeX", "RIS", "CSL-JSON"]
    for extension in ("bib", "ris", "csl.json"):
        link = section.find("a", href=re.compile(rf"\.{re.escape(extension)}$"))
        assert link and (site / "charts" / CHARTS[0]["id"] / link["href"].rsplit("/", 1)[1]).is_file()
    dataset = page(site, "datasets/adult-caseload-by-team/index.html").find(id="cite").parent
    assert len(dataset.find_all("details")) == 3


def test_reuse_terms_are_quoted_only_where_the_source_states_them(site):
    for chart in CHARTS:
        section = page(site, f"charts/{chart['id']}/index.html").find(id="cite").parent
        quoted = [" ".join(b.get_text().split()) for b in section.find_all("blockquote")]
        stated = [" ".join(s["reuse_terms"].split()) for s in sources_of(chart) if s.get("reuse_terms")]
        assert quoted == stated, chart["id"]
        if len(stated) < len(sources_of(chart)):
            assert "The source states no re-use terms" in section.get_text()


def test_bibtex_and_ris_hold_any_title():
    title = "Braces {and} 100% & #1_x ~ ^ \\ back\nslash"
    cited = Citation(
        "x", title, "chart", "Site {A}", "https://e.example/", "https://e.example/x/", date(2026, 1, 2), ()
    )
    entry = bibtex(cited)
    assert balanced(entry)
    assert "\n" not in bibtex_fields(entry)["title"]
    lines = ris(cited).splitlines()
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    assert ("TI  - " + " ".join(title.split())) in lines
