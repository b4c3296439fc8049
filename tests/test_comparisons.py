"""Trends: figures compared across publications only through the mapping, and checked against each other."""

import re
from decimal import Decimal

from site_build import ROOT, page, problems_after

from plugins.transparency.comparisons import changes
from plugins.transparency.describe import describe

NATIONAL = ROOT / "tests" / "fixtures" / "sources" / "national-context.md"


def test_only_mapped_teams_are_compared(site_data):
    compared = site_data.datasets["team-caseload-across-audits"]
    mapped = {(row["publication"], row["team"]) for row in site_data.datasets["team-mapping"].rows}
    assert {(row["publication"], row["team"]) for row in compared.rows} == mapped
    # Same-looking names that the mapping does not join stay apart: "All Age Transitions" (2019/20) is not
    # the later "Transitions Team" unless an editor says so.
    transitions = [row for row in compared.rows if row["service"] == "Transitions"]
    assert [row["publication_title"] for row in transitions] == ["2023/24 audit", "2024/25 audit"]
    hospital = [
        (row["team"], str(row["average_caseload"]))
        for row in compared.rows
        if row["service"] == "Hospital discharge"
    ]
    assert hospital == [
        ("Hospital Team", "20.6"),
        ("Hospital Discharge Team", "32.9"),
        ("Hospital Discharge Team", "22.4"),
    ]


def test_a_mapping_row_naming_no_team_is_an_error(data_copy):
    assert problems_after(
        data_copy,
        "team-mapping.csv",
        "asc-caseload-audit-2024-25,Transitions Team,",
        "asc-caseload-audit-2024-25,Transition Team,",
    ) == [
        'data/team-mapping.csv, row 19: no row of dataset "adult-caseload-by-team" has publication = '
        '"asc-caseload-audit-2024-25", team = "Transition Team" (expected names exactly as the publication\'s dataset '
        "writes them)"
    ]


def test_changes_since_the_previous_audit(site_data):
    comparison = site_data.comparisons["team-caseload-across-audits"]
    compared = site_data.datasets[comparison.id]
    found = {
        c.group: c
        for c in changes(compared, comparison, site_data.publications, "asc-caseload-audit-2024-25")
    }
    # The 2024/25 write-up: Occupational Therapy and Continuing Healthcare "appear to have increased".
    assert (found["Occupational therapy"].before, found["Occupational therapy"].now) == ("30.1", "39.1")
    assert (found["Occupational therapy"].difference, found["Occupational therapy"].direction) == (
        "+9.0",
        "higher",
    )
    assert (found["Continuing healthcare"].difference, found["Continuing healthcare"].direction) == (
        "+15.0",
        "higher",
    )
    assert (found["Hospital discharge"].difference, found["Hospital discharge"].direction) == (
        "\u221210.5",
        "lower",
    )
    assert found["Hospital discharge"].change == Decimal("-10.5")
    earlier = {
        c.group: c
        for c in changes(compared, comparison, site_data.publications, "asc-caseload-audit-2023-24")
    }
    # The 2023/24 write-up: the Hospital Discharge and Occupational Therapy teams "appear to have increased".
    assert earlier["Hospital discharge"].label_before == "Hospital Team"
    assert (earlier["Hospital discharge"].difference, earlier["Hospital discharge"].direction) == (
        "+12.3",
        "higher",
    )
    assert earlier["Occupational therapy"].direction == "higher"
    assert set(earlier) == {"Hospital discharge", "Occupational therapy", "Short term services"}
    assert changes(compared, comparison, site_data.publications, "asc-caseload-audit-2019-20") == []


def test_national_figures_equal_the_source(site_data):
    table = re.findall(
        r"^\| (20\d\d) \| ([\d.]+) \| ([\d.]+) \|$", NATIONAL.read_text(encoding="utf-8"), re.M
    )
    assert len(table) == 9
    rows = {
        (row["year"], row["area"]): str(row["average_caseload_per_fte"])
        for row in site_data.datasets["children-caseload-per-fte-national"].rows
    }
    for year, england, coventry in table:
        assert rows[int(year), "England"] == england
        assert rows[int(year), "Coventry"] == coventry


def test_foi_and_national_figures_must_agree(data_copy):
    assert problems_after(
        data_copy, "children-caseload-per-fte-national.csv", "2021,Coventry,14.7", "2021,Coventry,14.8"
    ) == [
        'data/children-caseload-per-fte.csv, row 6, column "average_caseload_per_fte": 14.7 differs from 14.8 in '
        'data/children-caseload-per-fte-national.csv, row 15, the same figure (year = "2021") (expected the same '
        'figure in both, as "agrees_with" of dataset "children-caseload-per-fte" declares); correct the one that '
        "does not match its source document"
    ]


def test_foi_adult_figures_must_agree_with_the_2019_20_audit(data_copy):
    [problem] = problems_after(
        data_copy, "foi-adult-caseload-by-team.csv", "Hospital Team,20.6", "Hospital Team,20.5"
    )
    assert problem.startswith(
        'data/foi-adult-caseload-by-team.csv, row 2, column "average_caseload": 20.5 differs from 20.6'
    )


def test_drafted_descriptions_compare_and_count(site_data):
    def text(chart_id):
        chart = site_data.charts[chart_id]
        return describe(chart, site_data.datasets[chart.dataset], site_data.rows_of(chart))

    assert text("children-caseload-coventry-england") == (
        "The chart shows the average caseload per FTE social worker for 9 years, comparing England and Coventry. "
        "England went from 17.7 in 2017 to 15.2 in 2025. Coventry went from 16.8 in 2017 to 12.8 in 2025. "
        "In 2025, Coventry was 2.4 below England. Coventry was below England in 8 of 9 years."
    )
    assert text("team-caseload-across-audits").startswith(
        "The chart shows the average caseload for 10 services, comparing 2019/20 audit, 2023/24 audit and "
        "2024/25 audit. Of the 9 services in both the 2023/24 audit and the 2024/25 audit, 4 had a higher figure"
    )


def test_trends_page_is_linked_from_every_publication(site):
    for publication in (
        "asc-caseload-audit-2024-25",
        "asc-caseload-audit-2023-24",
        "asc-caseload-audit-2019-20",
        "foi-485106426",
    ):
        links = [a["href"] for a in page(site, f"publications/{publication}/index.html").find_all("a")]
        assert "../../caseloads-over-time/" in links, publication
    trends = page(site, "caseloads-over-time/index.html")
    assert len(trends("figure")) == 3
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0"
        in trends.get_text()
    )
    audit = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    for label in audit.select(".changes .cell-label"):
        label.decompose()  # seen only on narrow screens, above each figure
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr(["th", "td"])]
        for tr in audit.select(".changes tbody tr")
    ]
    assert ["Occupational therapy", "30.1", "39.1", "+9.0 higher"] in rows
    assert ["Hospital discharge", "32.9", "22.4", "\u221210.5 lower"] in rows


def test_changes_show_a_true_minus_sign_apart_from_the_direction_and_csv_stays_ascii(site):
    audit = page(site, "publications/asc-caseload-audit-2024-25/index.html")
    figures = [cell.get_text() for cell in audit.select(".changes .change-figure")]
    directions = [cell.get_text() for cell in audit.select(".changes .change-direction")]
    assert figures and len(figures) == len(directions)
    assert all(re.fullmatch(r"[+\u2212]?\d+(\.\d+)?", figure) for figure in figures), figures
    assert any(figure.startswith("\u2212") for figure in figures)
    assert set(directions) <= {"higher", "lower", "the same"}
    # The headers are whole words: none is long enough to need breaking inside a word at 320 px.
    assert [th.get_text() for th in audit.select(".changes thead th")][-1] == "Change"
    # Downloads hold numbers for software: ASCII hyphen-minus, never U+2212.
    for csv in (site / "data").glob("*.csv"):
        assert "\u2212" not in csv.read_text(encoding="utf-8"), csv.name
    for csv in (site / "charts").glob("*/*.csv"):
        assert "\u2212" not in csv.read_text(encoding="utf-8"), csv.name
