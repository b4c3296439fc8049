"""Pages from data: services/ from the team mapping, checked figure by figure against the CSVs and
publications.yaml (read here with csv and yaml, not through the plugin), and page-set declarations that are
wrong, each with its message."""

import csv
import json
import posixpath
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from site_build import ROOT, page, problems_after

from plugins.transparency.introductions import read_introductions
from plugins.transparency.load import load_site_data

DATA = ROOT / "data"
MINUS = "\u2212"


def read_csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def publications() -> dict[str, dict]:
    document = yaml.safe_load((DATA / "publications.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in document["publications"]}


def services() -> dict[str, list[dict]]:
    """Each service of the team mapping with its rows (audit, team name, figure), oldest audit first."""
    figures = {
        (r["publication"], r["team"]): r["average_caseload"] for r in read_csv("adult-caseload-by-team.csv")
    }
    declared = publications()
    found: dict[str, list[dict]] = {}
    for row in read_csv("team-mapping.csv"):
        found.setdefault(row["service"], []).append(
            {**row, "figure": figures[row["publication"], row["team"]], "audit": declared[row["publication"]]}
        )
    for rows in found.values():
        rows.sort(key=lambda r: str(r["audit"]["period"]["start"]))
    return found


def service_pages(site: Path) -> dict[str, str]:
    """The page each of the index's links leads to, by the service's name: "services/transitions/"."""
    index = page(site, "services/index.html")
    return {
        a.get_text(strip=True): posixpath.normpath(f"services/{a['href']}") + "/"
        for a in index.select("table.sortable tbody th a")
    }


def test_every_service_in_the_mapping_has_a_page_linked_from_the_index(site):
    links = service_pages(site)
    assert sorted(links) == sorted(services())
    for url in links.values():
        assert url.startswith("services/") and (site / url / "index.html").is_file(), url


def test_each_service_page_gives_every_audit_figure_team_name_period_and_change(site):
    links = service_pages(site)
    for service, rows in services().items():
        html = page(site, f"{links[service]}index.html")
        table = html.select("table.figure-table")[0]
        cells = [
            [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in table.tbody.find_all("tr")
        ]
        assert len(cells) == len(rows), service
        for cells_of_row, row, before in zip(cells, rows, [None, *rows[:-1]], strict=True):
            audit = row["audit"]
            assert cells_of_row[0] == f"The {audit['short_title']}"
            assert cells_of_row[1] == f"Period {audit['period']['label']}"
            assert cells_of_row[2] == f"Team {row['team']}"
            assert cells_of_row[3] == f"Average caseload {row['figure']}"
            change = cells_of_row[4].removeprefix("Change since the figure before ")
            if before is None:
                assert change == "none: the first figure"
                continue
            difference = Decimal(row["figure"]) - Decimal(before["figure"])
            direction = "higher" if difference > 0 else "lower"
            assert change == (
                f"{abs(difference)} {direction} than in the {before['audit']['short_title']} ({before['figure']})"
            ), service
        # Each audit's row links to the audit's own page.
        links_out = [a["href"] for a in table.select("tbody th a")]
        assert links_out == [f"../../publications/{row['publication']}/" for row in rows]
        caveats = html.find(id="caveats").find_next("ul").get_text(" ", strip=True)
        for row in rows:
            for name in row["audit"].get("caveats", []):
                text = " ".join(
                    yaml.safe_load((DATA / "publications.yaml").read_text())["caveats"][name].split()
                )
                assert text in caveats, (service, name)


def test_the_lead_and_the_index_give_the_latest_figure(site):
    links = service_pages(site)
    index = page(site, "services/index.html")
    by_service = {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in index.select("table.sortable tbody tr")
    }
    for service, rows in services().items():
        latest = rows[-1]
        lead = page(site, f"{links[service]}index.html").select_one("p.lead").get_text(" ", strip=True)
        assert lead.startswith(
            f"In the {latest['audit']['short_title']}, covering {latest['audit']['period']['label']}, "
            f"the average caseload was {latest['figure']} cases per worker"
        ), lead
        assert by_service[service][0].endswith(latest["figure"])
        assert by_service[service][2].endswith(str(len(rows)))


def test_each_service_page_draws_its_own_rows_only(site):
    links = service_pages(site)
    for service, rows in services().items():
        slug = links[service].removeprefix("services/").strip("/")
        spec = json.loads(
            (site / f"charts/services-{slug}-caseload/services-{slug}-caseload.vl.json").read_text()
        )
        drawn = sorted(float(value["average_caseload"]) for value in spec["data"]["values"])
        assert drawn == sorted(float(row["figure"]) for row in rows), service


def test_set_pages_join_the_sitemap_the_catalogue_and_the_audits_tables_of_changes(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    links = service_pages(site)
    assert "/services/</loc>" in sitemap
    for url in links.values():
        assert f"/{url}</loc>" in sitemap
    catalogue = page(site, "datasets/team-caseload-across-audits/index.html")
    assert catalogue.find("a", href="../../services/")
    audit = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    linked = {a.get_text(strip=True) for a in audit.select(".changes tbody th a")}
    compared = {
        s for s, rows in services().items() if rows[-1]["publication"] == "asc-caseload-audit-2024-25"
    }
    compared = {s for s in compared if len(services()[s]) > 1}
    assert linked == compared


def add_mapping_row(data_copy: Path, row: str) -> None:
    mapping = data_copy / "team-mapping.csv"
    mapping.write_text(mapping.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")


def test_a_service_in_one_audit_only_gets_a_page_saying_so(data_copy):
    add_mapping_row(data_copy, "Adult disability,asc-caseload-audit-2024-25,Adult Disability Team,")
    from plugins.transparency.setpages import page_context

    data = load_site_data(data_copy)
    page_set = data.page_sets["services"]
    single = next(p for p in page_set.pages if p.key == "Adult disability")
    assert single.url == "services/adult-disability/" and len(single.rows) == 1
    site = SimpleNamespace(url=lambda path: f"https://example.org/{path}")
    context = page_context(data, page_set, single, site)
    assert (
        "the only figure the data has for Adult disability, so there is no change to show" in context["lead"]
    )
    assert context["figures"][0].change == ""


BAD_DECLARATIONS = {
    "unknown dataset": (
        "dataset: team-caseload-across-audits",
        "dataset: team-caseload-acros-audits",
        'data/page-sets.yaml, page_set "services", "dataset": names the dataset "team-caseload-acros-audits", '
        "which does not exist",
    ),
    "misspelt key column": (
        "key: service",
        "key: servise",
        'data/page-sets.yaml, page_set "services": key names the column "servise", which dataset '
        '"team-caseload-across-audits" does not have',
    ),
    "value that is not a number": (
        "value: average_caseload\n    columns",
        "value: team\n    columns",
        'data/page-sets.yaml, page_set "services", "value": "team" is not a number column',
    ),
    "address the plugin already uses": (
        "url: services/",
        "url: charts/",
        'data/page-sets.yaml, page_set "services", "url": "charts/" cannot hold the set\'s pages',
    ),
    "address that is not a folder": (
        "url: services/",
        "url: ../services",
        'data/page-sets.yaml, page_set "services", "url": "../services" cannot hold the set\'s pages',
    ),
    "placeholder naming no column": (
        'page_title: "{service}: average',
        'page_title: "{servce}: average',
        'data/page-sets.yaml, page_set "services", "page_title": has the placeholder "{servce}", which is not '
        "a column with one value on each page",
    ),
    "placeholder naming a column that differs within a page": (
        'page_title: "{service}: average',
        'page_title: "{team}: average',
        'has the placeholder "{team}", which is not a column with one value on each page',
    ),
    "chart with a dataset of its own": (
        "      - id: caseload\n",
        "      - id: caseload\n        dataset: adult-caseload-by-team\n",
        'data/page-sets.yaml, page_set "services", "charts": is not a list of charts drawn from the set\'s table',
    ),
    "chart naming a column the table does not have": (
        "label: publication_title",
        "label: publication_titel",
        'data/page-sets.yaml, page_set "services", chart "caseload": label names the column "publication_titel"',
    ),
    "unknown key": (
        "    columns: [team]",
        "    colums: [team]",
        'data/page-sets.yaml, page_set "services": has an unknown key "colums"',
    ),
}


@pytest.mark.parametrize("kind", BAD_DECLARATIONS)
def test_a_bad_page_set_declaration_is_named_with_what_was_expected(data_copy, kind):
    old, new, expected = BAD_DECLARATIONS[kind]
    problems = problems_after(data_copy, "page-sets.yaml", old, new)
    assert any(expected in problem for problem in problems), problems


def test_a_page_set_id_given_twice_is_refused(data_copy):
    path = data_copy / "page-sets.yaml"
    text = path.read_text(encoding="utf-8")
    declaration = text[text.index("  - id: services") :].replace("url: services/", "url: services-again/")
    path.write_text(text + declaration, encoding="utf-8")
    problems = problems_after(data_copy, "page-sets.yaml", "key: service", "key: service")
    assert (
        'data/page-sets.yaml, page_set "services": repeats the page set id "services" (expected each id once)'
        in problems
    )


def test_two_pages_with_one_address_are_refused(data_copy):
    # "Older people!" makes the same address as "Older people": both are named.
    add_mapping_row(data_copy, "Older people!,asc-caseload-audit-2024-25,Adult Disability Team,")
    problems = problems_after(data_copy, "page-sets.yaml", "key: service", "key: service")
    assert any(
        'page "Older people!": has the same address services/older-people/ as "Older people"' in p
        for p in problems
    ), problems


def test_an_introduction_for_no_page_is_named(tmp_path, site_data):
    folder = tmp_path / "content" / "page-sets" / "services"
    folder.mkdir(parents=True)
    (folder / "ocupational-therapy.md").write_text("Hello", encoding="utf-8")
    (tmp_path / "content" / "page-sets" / "servics").mkdir()
    build = SimpleNamespace(data=site_data, problems=[])
    read_introductions({"PATH": str(tmp_path / "content")}, build)
    messages = [str(p) for p in build.problems]
    assert any("servics: is not the folder of a page set" in m and '"services"' in m for m in messages), (
        messages
    )
    assert any(
        'ocupational-therapy.md: introduces no page of the set "services"' in m
        and "occupational-therapy" in m
        for m in messages
    ), messages
