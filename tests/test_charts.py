import json
import re
from dataclasses import replace

from site_build import problems_after

from plugins.transparency import chartfiles
from plugins.transparency.chartfiles import ChartFiles
from plugins.transparency.charts import TEXT_FIELD, build_spec, chart_data, ordered, rounded_limit
from plugins.transparency.chartstyle import ChartStyle
from plugins.transparency.fingerprint import Digests
from plugins.transparency.render import Renderer


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
    bars, figures, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] is None
    assert [v["role"] for v in spec["data"]["values"]] == [
        "Social worker",
        "Community case worker",
        "Occupational therapist",
        "Occupational therapist assistant",
    ]
    assert figures["encoding"]["text"]["field"] == TEXT_FIELD
    # Each label is drawn above its bar, in the chart's whole width, with no limit that would cut it.
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "role"
    assert labels["mark"]["yOffset"] < 0 < bars["mark"]["yOffset"]
    assert bars["encoding"]["y"]["axis"] is None
    assert "…" not in json.dumps(spec) and "labelLimit" not in json.dumps(spec["layer"])


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


def test_sort_orders_bars_and_their_table_by_value(site_data):
    chart = site_data.charts["caseload-by-team-2024-25"]
    assert chart.sort == "descending"
    _, spec = spec_of(site_data, chart.id)
    drawn = [v["average_caseload"] for v in spec["data"]["values"]]
    assert drawn == sorted(drawn, reverse=True) and len(drawn) == 14
    rows = site_data.rows_of(chart)
    assert [r["team"] for r in ordered(chart, rows)] == [v["team"] for v in spec["data"]["values"]]
    ascending = replace(chart, sort="ascending")
    assert [float(r["average_caseload"]) for r in ordered(ascending, rows)] == sorted(drawn)
    # Without the key, the write-up's order.
    unsorted = replace(chart, sort=None)
    assert ordered(unsorted, rows) == rows


def test_sort_moves_a_label_with_all_its_series_by_the_newest(site_data):
    chart = replace(site_data.charts["team-caseload-across-audits"], sort="descending")
    rows = ordered(chart, site_data.rows_of(chart))
    newest = {
        r["service"]: float(r["average_caseload"]) for r in rows if r["publication_title"] == "2024/25 audit"
    }
    services = list(dict.fromkeys(r["service"] for r in rows))
    with_newest = [s for s in services if s in newest]
    assert [newest[s] for s in with_newest] == sorted(newest.values(), reverse=True)
    # A service's rows stay together, oldest first.
    assert all(
        services.index(a["service"]) <= services.index(b["service"])
        for a, b in zip(rows, rows[1:], strict=False)
    )


def test_a_sort_that_is_no_order_is_an_error(data_copy):
    problems = problems_after(data_copy, "charts.yaml", "sort: descending", "sort: biggest")
    assert any('"sort"' in p and '"descending" or "ascending"' in p for p in problems), problems


def test_the_newest_series_is_the_darkest_and_drawn_last(site_data):
    style = ChartStyle()
    for chart_id in ("team-caseload-across-audits", "children-caseload-coventry-england"):
        chart, spec = spec_of(site_data, chart_id)
        points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
        colour = points["encoding"]["color"]["scale"]
        assert colour["range"][-1] == style.colour, chart_id
        assert len(set(colour["range"])) == len(colour["range"])
        # Older series lighter: each colour's luminance falls from the oldest to the newest.
        assert [luminance(c) for c in colour["range"]] == sorted(
            (luminance(c) for c in colour["range"]), reverse=True
        )
        assert all(contrast_on_white(c) >= 3 for c in colour["range"])
        # The newest series' rows come last in each label, so its marks are drawn on top.
        values = spec["data"]["values"]
        by_label = {}
        for value in values:
            by_label.setdefault(value[chart.axis_label], []).append(
                colour["domain"].index(value[chart.series])
            )
        assert all(order == sorted(order) for order in by_label.values())
    _, audits = spec_of(site_data, "team-caseload-across-audits")
    points = next(layer for layer in audits["layer"] if layer["mark"]["type"] == "point")
    assert points["encoding"]["color"]["scale"]["domain"] == [
        "2019/20 audit",
        "2023/24 audit",
        "2024/25 audit",
    ]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_value_axes_end_at_numbers_for_people(site_data):
    assert rounded_limit(17) == 20  # was 19.549999999999997
    assert rounded_limit(39.1) == 45
    assert rounded_limit(0.31) == 0.36
    assert rounded_limit(1234) == 1500
    for chart_id, chart in site_data.charts.items():
        if chart.is_table:
            continue
        _, spec = spec_of(site_data, chart_id)
        text = json.dumps(spec)
        # No float noise anywhere in the spec: every number has few digits.
        assert not re.search(r"\d\.\d{4,}", text), chart_id
        domain = spec["layer"][0]["encoding"]["x" if chart.kind in ("bar", "dots") else "y"]["scale"][
            "domain"
        ]
        highest = max(v[chart.value] for v in spec["data"]["values"])
        assert domain[0] == 0 and domain[1] >= highest * 1.15 and len(str(domain[1])) <= 4, (chart_id, domain)


def test_every_chart_is_drawn_at_one_narrow_width(site_data):
    for chart_id, chart in site_data.charts.items():
        if chart.is_table:
            continue
        _, spec = spec_of(site_data, chart_id)
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert spec["width"] == ChartStyle().width == 320
        assert spec["config"]["text"]["fontSize"] >= 15


def test_the_warm_preview_keeps_each_charts_specs_until_what_they_are_made_from_changes(
    site_data, monkeypatch
):
    """chartfiles.KEPT_SPECS (the warm preview's): a build takes each chart's page and download specs from
    the build before when everything they are made from is unchanged, and makes them again for a chart whose
    declaration changed, or for every chart when the site's name (in every download's credit) changed."""
    monkeypatch.setattr(chartfiles, "KEPT_SPECS", {})
    monkeypatch.setattr(Renderer, "prepare", lambda self, specs: list(specs))  # no image drawn
    drawn = [chart_id for chart_id, chart in site_data.charts.items() if not chart.is_table]
    settings = {"SITENAME": "A site"}

    def prepared(data, settings) -> ChartFiles:
        files = ChartFiles(data, Renderer(None), digests=Digests())
        files.prepare_all(settings)
        return files

    first = prepared(site_data, settings)
    again = prepared(site_data, settings)
    assert all(again.spec(c) is first.spec(c) for c in drawn)
    assert all(again.download_spec(c) is first.download_spec(c) for c in drawn)

    retitled = drawn[0]
    charts = {**site_data.charts, retitled: replace(site_data.charts[retitled], title="Retitled")}
    changed = prepared(replace(site_data, charts=charts), settings)
    assert changed.download_spec(retitled)["title"] != first.download_spec(retitled)["title"]
    assert all(changed.download_spec(c) is first.download_spec(c) for c in drawn[1:])

    renamed = prepared(site_data, {"SITENAME": "Another site"})
    assert not any(renamed.download_spec(c) is first.download_spec(c) for c in drawn)
    assert renamed.download_spec(drawn[0]) == ChartFiles(site_data, settings=renamed.settings).download_spec(
        drawn[0]
    )
