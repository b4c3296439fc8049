from decimal import Decimal

import pytest

from plugins.transparency.describe import describe
from plugins.transparency.model import Chart, Dataset, Field
from plugins.transparency.wording import noun_forms


def description(site_data, chart_id):
    chart = site_data.charts[chart_id]
    return describe(chart, site_data.datasets[chart.dataset], site_data.rows_of(chart))


def drafted(label_title, value_title, figures, kind="bar", unit=""):
    """The description of a made-up chart: figures is a list of (label, value) or (series, label, value)."""
    series = len(figures[0]) == 3 if figures else False
    fields = [Field("label", label_title, "string"), Field("value", value_title, "number", unit=unit)]
    if series:
        fields.append(Field("series", "Audit", "string"))
    rows = tuple(
        {"series": f[0], "label": f[1], "value": Decimal(f[2])}
        if series
        else {"label": f[0], "value": Decimal(f[1])}
        for f in figures
    )
    dataset = Dataset(
        name="made-up",
        title="Made up",
        description="",
        path="made-up.csv",
        fields=tuple(fields),
        primary_key=("series", "label") if series else ("label",),
        rows=rows,
        row_numbers=tuple(range(2, len(rows) + 2)),
    )
    chart = Chart(
        id="made-up",
        dataset="made-up",
        kind=kind,
        label="label",
        value="value",
        title="A finding",
        subtitle="A measure",
        series="series" if series else None,
    )
    return describe(chart, dataset, rows)


# The real site's charts: these read well and stay as they were.


def test_bar_description_names_highest_and_lowest(site_data):
    assert description(site_data, "caseload-by-team-2024-25") == (
        "The chart shows the average caseload for 14 teams. The highest is 39.1 (Occupational Therapy Team) "
        "and the lowest is 12.3 (Therapy Hospital Discharge Team)."
    )


def test_line_description_gives_change_and_ties(site_data):
    assert description(site_data, "children-caseload-per-fte-2017-2022") == (
        "The chart shows the average caseload per FTE social worker for 6 years. The highest is 17 (2020) and "
        "the lowest is 13.4 (2019 and 2022). From 2017 to 2022 it went from 16.8 to 13.4, a fall of 3.4."
    )


def test_percentages_keep_their_sign(site_data):
    assert description(site_data, "staff-survey-fair-caseload") == (
        "The chart shows the share of staff saying their caseload is fair and manageable for 4 surveys. "
        "The highest is 81% (2019/20) and the lowest is 43% (2017)."
    )


def test_real_comparison_across_audits(site_data):
    assert description(site_data, "team-caseload-across-audits") == (
        "The chart shows the average caseload for 10 services, comparing 2019/20 audit, 2023/24 audit and "
        "2024/25 audit. Of the 9 services in both the 2023/24 audit and the 2024/25 audit, 4 had a higher "
        "figure in the 2024/25 audit (Occupational therapy, Continuing healthcare, Transitions and "
        "Transforming care) and 5 a lower one (Hospital discharge, Therapy hospital discharge, Visual and "
        "hearing impairment, Promoting independence and Older people)."
    )


# Counting labels: singular, plural, none, and titles that are not safe nouns.


@pytest.mark.parametrize(
    ("title", "forms"),
    [
        ("Team", ("team", "teams")),
        ("Year", ("year", "years")),
        ("Survey", ("survey", "surveys")),
        ("Professional role", ("professional role", "professional roles")),
        ("Local authority", ("local authority", "local authorities")),
        ("Branch", ("branch", "branches")),
        ("Address", ("address", "addresses")),
        ("Person", ("person", "people")),
        ("Child", ("child", "children")),
        ("FTE caseload", ("FTE caseload", "FTE caseloads")),
        ("FTE", ("FTE", "FTEs")),
        ("Children's centre", ("children's centre", "children's centres")),
        ("Building", ("building", "buildings")),
        ("Ratio", ("ratio", "ratios")),
        # Not safe nouns: ending in a preposition, containing one or a conjunction, uncountable, already
        # plural, irregular or uncertain plurals, participles, adjectives, adverbs, digits.
        ("Access to", None),
        ("Reported in", None),
        ("Area of work", None),
        ("Caseload per FTE", None),
        ("Percent fair and manageable", None),
        ("Age and sex", None),
        ("Staff", None),
        ("Data", None),
        ("Percent", None),
        ("Teams", None),
        ("Services", None),
        ("People", None),
        ("Status", None),
        ("NHS", None),
        ("Half", None),
        ("Hero", None),
        ("Chairman", None),
        ("Date reported", None),
        ("Waiting", None),
        ("Manageable", None),
        ("Weekly", None),
        ("Open", None),
        ("Key stage 2", None),
        ("Workers'", None),
        ("", None),
    ],
)
def test_noun_forms(title, forms):
    assert noun_forms(title) == forms


def test_plural_count():
    assert drafted("Team", "Average caseload", [("A", "3"), ("B", "5"), ("C", "4")]) == (
        "The chart shows the average caseload for 3 teams. The highest is 5 (B) and the lowest is 3 (A)."
    )


def test_plural_of_a_noun_ending_in_y():
    assert drafted(
        "Local authority", "Average caseload", [("Coventry", "12.5"), ("Warwickshire", "14.0")]
    ) == (
        "The chart shows the average caseload for 2 local authorities. The highest is 14.0 (Warwickshire) and "
        "the lowest is 12.5 (Coventry)."
    )


def test_chart_with_one_row():
    assert drafted("Team", "Average caseload", [("Intake services", "13.8")]) == (
        "The chart shows the average caseload for 1 team: 13.8 (Intake services)."
    )


def test_chart_with_one_row_and_a_title_that_is_not_a_noun():
    assert drafted("Access to", "Percent fair and manageable", [("Supervision", "65")], unit="percent") == (
        "The chart shows “Percent fair and manageable” for 1 value of “Access to”: 65% (Supervision)."
    )


def test_title_ending_in_a_preposition_is_never_pluralised():
    text = drafted("Access to", "Average caseload", [(f"Service {n}", str(n)) for n in range(1, 13)])
    assert text == (
        "The chart shows the average caseload for 12 values of “Access to”. The highest is 12 (Service 12) "
        "and the lowest is 1 (Service 1)."
    )
    assert "tos" not in text


def test_measure_that_is_not_a_noun_is_quoted():
    assert drafted(
        "Survey", "Percent fair and manageable", [("2017", "43"), ("2019/20", "81")], unit="percent"
    ) == (
        "The chart shows “Percent fair and manageable” for 2 surveys. The highest is 81% (2019/20) and the "
        "lowest is 43% (2017)."
    )


def test_measure_ending_in_a_preposition_is_quoted():
    assert drafted("Team", "Access to", [("A", "3"), ("B", "5")]) == (
        "The chart shows “Access to” for 2 teams. The highest is 5 (B) and the lowest is 3 (A)."
    )


def test_abbreviation_in_titles_keeps_its_capitals():
    assert drafted("Team", "FTE caseload", [("A", "3"), ("B", "5")]) == (
        "The chart shows the FTE caseload for 2 teams. The highest is 5 (B) and the lowest is 3 (A)."
    )
    assert drafted("FTE band", "Average caseload", [("A", "3")]) == (
        "The chart shows the average caseload for 1 FTE band: 3 (A)."
    )


def test_uncountable_title():
    assert drafted("Staff", "Hours", [("Ann", "30"), ("Bob", "37")]) == (
        "The chart shows the hours for 2 values of “Staff”. The highest is 37 (Bob) and the lowest is 30 (Ann)."
    )


def test_title_already_plural():
    assert drafted("Teams", "Average caseload", [("A", "3"), ("B", "5"), ("C", "5")]) == (
        "The chart shows the average caseload for 3 values of “Teams”. The highest is 5 (B and C) and the "
        "lowest is 3 (A)."
    )


def test_year_line_with_no_change():
    assert drafted(
        "Year", "Average caseload per FTE", [("2020", "15"), ("2021", "14"), ("2022", "15")], "line"
    ) == (
        "The chart shows the average caseload per FTE for 3 years. The highest is 15 (2020 and 2022) and the "
        "lowest is 14 (2021). From 2020 to 2022 it went from 15 to 15, no change."
    )


def test_all_figures_equal():
    assert drafted("Team", "Average caseload", [("A", "5"), ("B", "5")]) == (
        "The chart shows the average caseload for 2 teams. Both have the same figure, 5."
    )
    assert drafted("Team", "Average caseload", [("A", "5"), ("B", "5"), ("C", "5")]) == (
        "The chart shows the average caseload for 3 teams. All 3 have the same figure, 5."
    )


# Two-period comparisons (dots): nought, one and many higher and lower.

BEFORE, AFTER = "2023/24 audit", "2024/25 audit"


def dots(label_title, changes):
    """changes: (label, before, after) for each label, both audits present."""
    figures = [(BEFORE, label, old) for label, old, _ in changes] + [
        (AFTER, label, new) for label, _, new in changes
    ]
    return drafted(label_title, "Average caseload", figures, kind="dots")


def test_comparison_many_higher_none_lower():
    assert dots("Team", [("A", "1", "2"), ("B", "1", "3"), ("C", "4", "5"), ("D", "2", "2")]) == (
        "The chart shows the average caseload for 4 teams, comparing 2023/24 audit and 2024/25 audit. Of the 4 "
        "teams in both the 2023/24 audit and the 2024/25 audit, 3 had a higher figure in the 2024/25 audit "
        "(A, B and C), 1 the same figure in both (D) and none a lower one."
    )


def test_comparison_one_higher_many_lower():
    assert dots("Team", [("A", "1", "2"), ("B", "3", "1"), ("C", "5", "4")]) == (
        "The chart shows the average caseload for 3 teams, comparing 2023/24 audit and 2024/25 audit. Of the 3 "
        "teams in both the 2023/24 audit and the 2024/25 audit, 1 had a higher figure in the 2024/25 audit (A) "
        "and 2 a lower one (B and C)."
    )


def test_comparison_none_higher_one_lower():
    assert dots("Team", [("A", "2", "1"), ("B", "3", "3")]) == (
        "The chart shows the average caseload for 2 teams, comparing 2023/24 audit and 2024/25 audit. Of the 2 "
        "teams in both the 2023/24 audit and the 2024/25 audit, 1 had a lower figure in the 2024/25 audit (A), "
        "1 the same figure in both (B) and none a higher one."
    )


def test_comparison_one_higher_one_lower():
    assert dots("Service", [("A", "1", "2"), ("B", "3", "1")]) == (
        "The chart shows the average caseload for 2 services, comparing 2023/24 audit and 2024/25 audit. Of the "
        "2 services in both the 2023/24 audit and the 2024/25 audit, 1 had a higher figure in the 2024/25 audit "
        "(A) and 1 a lower one (B)."
    )


def test_comparison_all_higher():
    assert dots("Team", [("A", "1", "2"), ("B", "1", "3"), ("C", "4", "5")]) == (
        "The chart shows the average caseload for 3 teams, comparing 2023/24 audit and 2024/25 audit. Of the 3 "
        "teams in both the 2023/24 audit and the 2024/25 audit, all 3 had a higher figure in the 2024/25 audit."
    )
    assert dots("Team", [("A", "2", "1"), ("B", "3", "1")]) == (
        "The chart shows the average caseload for 2 teams, comparing 2023/24 audit and 2024/25 audit. Of the 2 "
        "teams in both the 2023/24 audit and the 2024/25 audit, both had a lower figure in the 2024/25 audit."
    )


def test_comparison_of_one_shared_label():
    figures = [(BEFORE, "A", "1"), (BEFORE, "B", "4"), (AFTER, "B", "6"), (AFTER, "C", "2")]
    assert drafted("Team", "Average caseload", figures, kind="dots") == (
        "The chart shows the average caseload for 3 teams, comparing 2023/24 audit and 2024/25 audit. Only 1 "
        "team is in both the 2023/24 audit and the 2024/25 audit: B, with a higher figure in the 2024/25 audit."
    )


def test_comparison_of_no_shared_label():
    figures = [(BEFORE, "A", "1"), (AFTER, "B", "6")]
    assert drafted("Team", "Average caseload", figures, kind="dots") == (
        "The chart shows the average caseload for 2 teams, comparing 2023/24 audit and 2024/25 audit. No team "
        "is in both the 2023/24 audit and the 2024/25 audit."
    )


def test_comparison_with_a_title_that_is_not_a_noun():
    assert dots("Access to", [("A", "1", "2"), ("B", "3", "1"), ("C", "5", "4")]) == (
        "The chart shows the average caseload for 3 values of “Access to”, comparing 2023/24 audit and 2024/25 "
        "audit. Of the 3 values of “Access to” in both the 2023/24 audit and the 2024/25 audit, 1 had a higher "
        "figure in the 2024/25 audit (A) and 2 a lower one (B and C)."
    )
    figures = [(BEFORE, "A", "1"), (AFTER, "B", "6")]
    assert drafted("Access to", "Average caseload", figures, kind="dots") == (
        "The chart shows the average caseload for 2 values of “Access to”, comparing 2023/24 audit and 2024/25 "
        "audit. No value of “Access to” is in both the 2023/24 audit and the 2024/25 audit."
    )


# Two lines (areas): how often one was below the other.


def lines(changes):
    """changes: (year, england, coventry)."""
    figures = [("England", year, e) for year, e, _ in changes] + [
        ("Coventry", year, c) for year, _, c in changes
    ]
    return drafted("Year", "Average caseload", figures, kind="line")


def test_two_lines_below_in_some_years():
    assert lines([("2020", "15", "14"), ("2021", "15", "16"), ("2022", "16", "15")]) == (
        "The chart shows the average caseload for 3 years, comparing England and Coventry. England went from 15 "
        "in 2020 to 16 in 2022. Coventry went from 14 in 2020 to 15 in 2022. In 2022, Coventry was 1 below "
        "England. Coventry was below England in 2 of 3 years."
    )


def test_two_lines_below_in_every_year_and_in_none():
    assert lines([("2020", "15", "14"), ("2021", "15", "13"), ("2022", "16", "15")]).endswith(
        "In 2022, Coventry was 1 below England. Coventry was below England in all 3 years."
    )
    assert lines([("2021", "15", "13"), ("2022", "16", "15")]).endswith(
        "In 2022, Coventry was 1 below England. Coventry was below England in both years."
    )
    assert lines([("2020", "15", "16"), ("2021", "15", "15"), ("2022", "16", "17")]).endswith(
        "In 2022, Coventry was 1 above England. Coventry was not below England in any of the 3 years."
    )
    assert lines([("2021", "15", "15"), ("2022", "16", "17")]).endswith(
        "In 2022, Coventry was 1 above England. Coventry was not below England in either year."
    )


def test_two_lines_with_one_year_in_common():
    figures = [("England", "2020", "15"), ("England", "2021", "16"), ("Coventry", "2020", "14")]
    assert drafted("Year", "Average caseload", figures, kind="line") == (
        "The chart shows the average caseload for 2 years, comparing England and Coventry. England went from 15 "
        "in 2020 to 16 in 2021. Coventry was 14 in 2020. Coventry was below England in 2020, the only year with "
        "both."
    )
