"""Build a chart's Vega-Lite spec from its declaration and rows: pure, no files, no rendering."""

from dataclasses import dataclass

import altair as alt

from .model import Chart, Dataset, Row, format_figure

TEXT_FIELD = "figure_as_published"  # the figure as the source wrote it, printed beside each mark


@dataclass(frozen=True)
class ChartStyle:
    colour: str = "#1d4f7a"
    text_colour: str = "#1b1b1b"
    # Wide fonts first: vl-convert sizes the chart with them, so narrower fallbacks never overflow.
    font: str = "Verdana, 'DejaVu Sans', sans-serif"
    width: int = 420
    bar_step: int = 26
    font_size: int = 13
    # Series are told apart by shape and dash as well as colour; each colour reaches 3:1 on white.
    series_colours: tuple[str, ...] = ("#1d4f7a", "#b4461b", "#5b6770", "#2e7d32")
    series_shapes: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond")
    series_dashes: tuple[tuple[int, int], ...] = ((1, 0), (6, 3), (2, 2), (8, 2, 2, 2))


def chart_data(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> list[dict]:
    """The rows behind the chart, as JSON values, keeping the figure's published text."""
    value_field = dataset.field(chart.value)
    return [
        {
            chart.label: row[chart.label],
            **({chart.short_label: chart.drawn_label(row)} if chart.short_label else {}),
            chart.value: float(row[chart.value]),
            TEXT_FIELD: format_figure(row[chart.value], value_field),
            **({chart.series: row[chart.series]} if chart.series else {}),
        }
        for row in rows
    ]


def tooltip(chart: Chart, dataset: Dataset, value_title: str) -> list[alt.Tooltip]:
    """What an interactive chart shows at a mark: its label, series and the figure as published."""
    fields = [(chart.label, dataset.field(chart.label).title)]
    if chart.series:
        fields.append((chart.series, dataset.field(chart.series).title))
    fields.append((TEXT_FIELD, value_title))
    return [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]


def build_spec(
    chart: Chart, dataset: Dataset, rows: tuple[Row, ...], style: ChartStyle = ChartStyle()
) -> dict:
    """A Vega-Lite spec (dict) for the chart, with its data inline."""
    label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
    values = chart_data(chart, dataset, rows)
    value_title = value_field.title + (f" ({value_field.unit})" if value_field.unit else "")
    tips = tooltip(chart, dataset, value_title)
    highest = max(v[chart.value] for v in values)
    # Leave room past the longest bar or highest point for its printed figure.
    scale = alt.Scale(domain=[0, 100] if value_field.unit == "percent" else [0, highest * 1.15], nice=False)
    base = alt.Chart(alt.Data(values=values))
    if chart.kind == "bar":
        # No axis title: the labels speak for themselves and the subtitle names the measure.
        label = alt.Y(f"{chart.axis_label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=280))
        value = alt.X(f"{chart.value}:Q", title=value_title, scale=scale)
        bars = base.mark_bar(color=style.colour).encode(y=label, x=value, tooltip=tips)
        figures = base.mark_text(align="left", dx=4, color=style.text_colour).encode(
            y=label, x=value, text=f"{TEXT_FIELD}:N"
        )
        layered = (bars + figures).properties(width=style.width, height=alt.Step(style.bar_step))
    elif chart.kind == "dots":
        layered = dots(chart, base, value_title, scale, style, values, tips)
    elif chart.series:
        layered = series_lines(chart, base, label_field.title, scale, style, values, tips)
    else:
        label = alt.X(f"{chart.axis_label}:O", title=label_field.title, axis=alt.Axis(labelAngle=0))
        # No value axis title: each point prints its figure and the subtitle names the measure.
        value = alt.Y(f"{chart.value}:Q", title=None, scale=scale)
        line = base.mark_line(color=style.colour, strokeWidth=3).encode(x=label, y=value)
        points = base.mark_point(color=style.colour, filled=True, size=70, shape="circle").encode(
            x=label, y=value, tooltip=tips
        )
        figures = base.mark_text(dy=-12, color=style.text_colour).encode(
            x=label, y=value, text=f"{TEXT_FIELD}:N"
        )
        layered = (line + points + figures).properties(width=style.width, height=260)
    spec = layered.properties(description=f"{chart.title}. {chart.subtitle}.").to_dict()
    spec["config"] = {
        "font": style.font,
        "axis": {
            "labelFontSize": style.font_size,
            "titleFontSize": style.font_size,
            "labelColor": style.text_colour,
            "titleColor": style.text_colour,
            "domainColor": "#6f777b",
            "tickColor": "#6f777b",
        },
        "text": {"fontSize": style.font_size},
        "view": {"stroke": None},
        "background": "transparent",
    }
    return spec


def series_scales(style: ChartStyle, values: list[dict], series: str) -> dict:
    names = list(dict.fromkeys(v[series] for v in values))
    count = len(names)
    legend = alt.Legend(title=None, orient="top", labelFontSize=style.font_size, symbolSize=90)
    return {
        "color": alt.Color(
            f"{series}:N",
            sort=names,
            legend=legend,
            scale=alt.Scale(domain=names, range=list(style.series_colours[:count])),
        ),
        "shape": alt.Shape(
            f"{series}:N",
            sort=names,
            legend=legend,
            scale=alt.Scale(domain=names, range=list(style.series_shapes[:count])),
        ),
        "dash": alt.StrokeDash(
            f"{series}:N",
            sort=names,
            legend=legend,
            scale=alt.Scale(domain=names, range=[list(d) for d in style.series_dashes[:count]]),
        ),
    }


def dots(
    chart: Chart, base: alt.Chart, value_title: str, scale, style: ChartStyle, values: list[dict], tips: list
):
    """One row per label, a dot per series (e.g. per audit) on a line joining them: a change at a glance."""
    scales = series_scales(style, values, chart.series)
    label = alt.Y(f"{chart.axis_label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=280))
    value = alt.X(f"{chart.value}:Q", title=value_title, scale=scale)
    span = base.mark_rule(color="#6f777b", strokeWidth=2).encode(
        y=label, x=alt.X(f"min({chart.value}):Q", scale=scale, title=value_title), x2=f"max({chart.value}):Q"
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=label, x=value, color=scales["color"], shape=scales["shape"], tooltip=tips
    )
    return (span + points).properties(width=style.width, height=alt.Step(style.bar_step + 4))


def series_lines(
    chart: Chart, base: alt.Chart, label_title: str, scale, style: ChartStyle, values: list[dict], tips: list
):
    """A line per series (e.g. per area), told apart by colour, dash and point shape, named at its end."""
    scales = series_scales(style, values, chart.series)
    label = alt.X(f"{chart.axis_label}:O", title=label_title, axis=alt.Axis(labelAngle=0))
    value = alt.Y(f"{chart.value}:Q", title=None, scale=scale)
    lines = base.mark_line(strokeWidth=3).encode(
        x=label, y=value, color=scales["color"], strokeDash=scales["dash"]
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=label, y=value, color=scales["color"], shape=scales["shape"], tooltip=tips
    )
    last = max(v[chart.axis_label] for v in values)
    ends = (
        base.transform_filter(alt.datum[chart.axis_label] == last)
        .mark_text(align="left", dx=8, color=style.text_colour)
        .encode(x=label, y=value, text=alt.Text(f"{chart.series}:N"))
    )
    return (lines + points + ends).properties(width=style.width, height=260)
