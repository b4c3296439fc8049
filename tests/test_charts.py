import json

from plugins.transparency.charts import TEXT_FIELD, build_spec, chart_data


def spec_of(site_data, chart_id):
    chart = site_data.charts[chart_id]
    return chart, build_spec(chart, site_data.datasets[chart.dataset], site_data.rows_of(chart))


def test_bar_chart_data_holds_exactly_the_chart_rows(site_data):
    chart, spec = spec_of(site_data, "caseload-by-team-2023-24")
    values = spec["data"]["values"]
    assert len(values) == 13
    assert values[0] == {"team": "Hospital Discharge Team", "average_caseload": 32.9, TEXT_FIELD: "32.9"}
    assert values[-1]["team"] == "Transforming Care Team"


def test_bars_keep_the_write_up_order_and_print_each_figure(site_data):
    _, spec = spec_of(site_data, "caseload-by-role-2024-25")
    bars, figures = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] is None
    assert figures["encoding"]["text"]["field"] == TEXT_FIELD


def test_figures_are_printed_as_published(site_data):
    chart = site_data.charts["children-caseload-per-fte-2017-2022"]
    values = chart_data(chart, site_data.datasets[chart.dataset], site_data.rows_of(chart))
    assert [v[TEXT_FIELD] for v in values] == ["16.8", "15.1", "13.4", "17", "14.7", "13.4"]
    survey = site_data.charts["staff-survey-fair-caseload"]
    values = chart_data(survey, site_data.datasets[survey.dataset], site_data.rows_of(survey))
    assert [v[TEXT_FIELD] for v in values] == ["43%", "81%", "73%", "65%"]


def test_line_chart_for_years_and_percent_scale(site_data):
    _, line = spec_of(site_data, "children-caseload-per-fte-2017-2022")
    assert [layer["mark"]["type"] for layer in line["layer"]] == ["line", "point", "text"]
    assert line["layer"][0]["encoding"]["x"]["type"] == "ordinal"
    _, survey = spec_of(site_data, "staff-survey-fair-caseload")
    assert survey["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100]


def test_spec_is_plain_json(site_data):
    for chart_id in site_data.charts:
        _, spec = spec_of(site_data, chart_id)
        assert json.loads(json.dumps(spec)) == spec
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
