from plugins.transparency.describe import describe


def description(site_data, chart_id):
    chart = site_data.charts[chart_id]
    return describe(chart, site_data.datasets[chart.dataset], site_data.rows_of(chart))


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
