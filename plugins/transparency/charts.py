"""Build a chart's Vega-Lite spec from its declaration and rows: pure, no files, no rendering."""

import math
from decimal import Decimal

import altair as alt

from .chartstyle import ChartStyle, config, text_width, wrapped
from .model import Chart, Dataset, Missing, Row, format_figure
from .symbols import is_figure

DEFAULT_STYLE = ChartStyle()
TEXT_FIELD = "figure_as_published"  # the figure as the source wrote it, printed beside each mark
# Where a line has figures left out (shown as symbols in the table), each stretch of it between them is
# drawn on its own, so no line bridges a figure the source does not give.
LINE_PART = "line_part"


def ordered(chart: Chart, rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """The rows in the order the chart draws them: as published, or by value if the declaration sorts them.
    With series, whole labels move together, ordered by the newest (last) series' figure; labels whose
    figure is a symbol (no number to sort by) come last, as published."""
    if not chart.sort:
        return rows
    newest = rows[-1][chart.series] if chart.series and rows else None
    by_label: dict = {}
    for row in rows:
        if not chart.series or row[chart.series] == newest or row[chart.label] not in by_label:
            by_label[row[chart.label]] = row[chart.value]
    numbers = [label for label, value in by_label.items() if is_figure(value)]
    labels = sorted(numbers, key=by_label.get, reverse=chart.sort == "descending")
    labels += [label for label in by_label if label not in numbers]
    return tuple(sorted(rows, key=lambda row: labels.index(row[chart.label])))


def rounded_limit(highest: float) -> float:
    """The end of a value axis: room past the highest figure for its printed text, rounded up to two
    significant figures, so the spec says 20 rather than 19.549999999999997."""
    wanted = Decimal(str(highest)) * Decimal("1.15")
    if wanted <= 0:
        return 1
    exponent = math.floor(math.log10(wanted)) - 1
    step = Decimal(1).scaleb(exponent)
    limit = (wanted / step).to_integral_value(rounding="ROUND_CEILING") * step
    return int(limit) if limit == limit.to_integral_value() else float(limit)


def chart_data(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> list[dict]:
    """The rows behind the chart, as JSON values, keeping the figure's published text. A figure given as a
    symbol is left out (the description and the table say which); a line with such gaps has its parts."""
    value_field = dataset.field(chart.value)
    parts = line_parts(chart, rows)
    return [
        {
            chart.label: row[chart.label],
            **({chart.short_label: chart.drawn_label(row)} if chart.short_label else {}),
            chart.value: float(row[chart.value]),
            TEXT_FIELD: format_figure(row[chart.value], value_field),
            **({chart.series: row[chart.series]} if chart.series else {}),
            **({LINE_PART: part} if parts else {}),
        }
        for row, part in zip(ordered(chart, rows), parts or [0] * len(rows), strict=True)
        if is_figure(row[chart.value])
    ]


def line_parts(chart: Chart, rows: tuple[Row, ...]) -> list[int]:
    """For a line chart with figures left out, each row's stretch of its line: 0 until the first gap in its
    series, 1 after it, and so on. Empty for any other chart, whose data stays as it always was."""
    if chart.kind != "line" or all(is_figure(row[chart.value]) for row in rows):
        return []
    gaps: dict = {}
    parts = []
    for row in ordered(chart, rows):
        series = row[chart.series] if chart.series else None
        if isinstance(row[chart.value], Missing):
            gaps[series] = gaps.get(series, 0) + 1
        parts.append(gaps.get(series, 0))
    return parts


def tooltip(chart: Chart, dataset: Dataset, value_title: str) -> list[alt.Tooltip]:
    """What an interactive chart shows at a mark: its label, series and the figure as published."""
    fields = [(chart.label, dataset.field(chart.label).title)]
    if chart.series:
        fields.append((chart.series, dataset.field(chart.series).title))
    fields.append((TEXT_FIELD, value_title))
    return [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]


def build_spec(
    chart: Chart, dataset: Dataset, rows: tuple[Row, ...], style: ChartStyle = DEFAULT_STYLE
) -> dict:
    """A Vega-Lite spec (dict) for the chart, with its data inline."""
    value_field = dataset.field(chart.value)
    values = chart_data(chart, dataset, rows)
    value_title = value_field.title + (f" ({value_field.unit})" if value_field.unit else "")
    tips = tooltip(chart, dataset, value_title)
    highest = max(v[chart.value] for v in values)
    domain = [0, 100] if value_field.unit == "percent" else [0, rounded_limit(highest)]
    scale = alt.Scale(domain=domain, nice=False)
    base = alt.Chart(alt.Data(values=values))
    if chart.kind in ("bar", "dots"):
        layered = rows_chart(chart, base, value_title, scale, style, values, tips)
    else:
        layered = line_chart(chart, base, dataset.field(chart.label).title, scale, style, values, tips, rows)
    spec = layered.properties(description=f"{chart.title}. {chart.subtitle}.").to_dict()
    spec["config"] = config(style)
    # The whole image, axes and legend included, is the style's width: every chart scales alike.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def series_names(values: list[dict], label: str, series: str) -> list[str]:
    """The series from oldest to newest: within each label the rows run in that order, and a label may
    lack the older ones, so a series is placed by how far from its label's last row it ever stands."""
    by_label: dict = {}
    for value in values:
        by_label.setdefault(value[label], []).append(value[series])
    distance: dict = {}
    for names in by_label.values():
        for position, name in enumerate(reversed(names)):
            distance[name] = max(distance.get(name, 0), position)
    return sorted(distance, key=lambda name: -distance[name])


def series_scales(style: ChartStyle, values: list[dict], label: str, series: str) -> dict:
    """Colour, shape and dash by series, the newest (last) darkest; the legend in as many columns as fit."""
    names = series_names(values, label, series)
    count = len(names)
    # Evenly spread over the ramp, so the oldest is always the lightest and the newest the darkest.
    picks = [round(i * (len(style.series_colours) - 1) / max(count - 1, 1)) for i in range(count)]
    picks[-1] = len(style.series_colours) - 1
    entry = max(text_width(name, style) for name in names) + 40  # symbol, gap and column padding
    columns = max(1, min(count, int(style.width // entry)))
    legend = alt.Legend(title=None, orient="top", columns=columns, symbolSize=110)

    def channel(kind, palette):
        return kind(
            f"{series}:N",
            sort=names,
            legend=legend,
            scale=alt.Scale(domain=names, range=[palette[i] for i in picks]),
        )

    return {
        "color": channel(alt.Color, style.series_colours),
        "shape": channel(alt.Shape, style.series_shapes),
        "dash": channel(alt.StrokeDash, [list(d) for d in style.series_dashes]),
    }


def rows_chart(
    chart: Chart, base: alt.Chart, value_title: str, scale, style: ChartStyle, values: list[dict], tips: list
):
    """A row per label, its label above a bar (or above dots on a line, a dot per series): the labels have
    the chart's whole width, so none is cut, however narrow the chart."""
    row = alt.Y(
        f"{chart.axis_label}:N",
        sort=None,
        axis=None,
        scale=alt.Scale(paddingInner=0, paddingOuter=0),
    )
    # A long title in lines that fit the chart's width: an axis title is never wrapped or cut by Vega.
    value_title = wrapped(value_title, style.width - 20, style)
    value = alt.X(f"{chart.value}:Q", title=value_title, scale=scale, axis=alt.Axis(tickCount=4))
    labels = base.mark_text(
        align="left", baseline="alphabetic", yOffset=style.label_offset, color=style.text_colour
    ).encode(y=row, x=alt.value(0), text=f"{chart.axis_label}:N")
    if chart.kind == "bar":
        bars = base.mark_bar(color=style.colour, size=style.bar_size, yOffset=style.mark_offset).encode(
            y=row, x=value, tooltip=tips
        )
        figures = base.mark_text(
            align="left", baseline="middle", dx=4, yOffset=style.mark_offset, color=style.text_colour
        ).encode(y=row, x=value, text=f"{TEXT_FIELD}:N")
        layers = [bars, figures, labels]
    else:
        scales = series_scales(style, values, chart.axis_label, chart.series)
        span = base.mark_rule(color="#6f777b", strokeWidth=2, yOffset=style.mark_offset).encode(
            y=row,
            x=alt.X(f"min({chart.value}):Q", scale=scale, title=value_title),
            x2=f"max({chart.value}):Q",
        )
        # Drawn in data order, the newest series last: its dot lies on top where dots meet.
        points = base.mark_point(filled=True, size=110, opacity=1, yOffset=style.mark_offset).encode(
            y=row, x=value, color=scales["color"], shape=scales["shape"], tooltip=tips
        )
        layers = [span, points, labels]
    return alt.layer(*layers).properties(width=style.width, height=alt.Step(style.row_step))


def line_chart(
    chart: Chart,
    base: alt.Chart,
    label_title: str,
    scale,
    style: ChartStyle,
    values: list[dict],
    tips: list,
    rows: tuple[Row, ...] = (),
):
    """Values over years: one line, its figures printed at its points, or a line per series (e.g. per
    area) told apart by colour, dash and point shape and named in the legend. A line with figures left out
    is drawn in parts, and a label whose every figure is left out keeps its place on the axis."""
    labels = list(dict.fromkeys(v[chart.axis_label] for v in values))
    every = [
        chart.drawn_label(row) if chart.short_label else row[chart.label] for row in ordered(chart, rows)
    ]
    every = list(dict.fromkeys(every))
    domain = every if len(every) > len(labels) else None
    labels = every if domain else labels
    parts = {"detail": f"{LINE_PART}:N"} if values and LINE_PART in values[0] else {}
    # Every other year where all of them would not fit side by side under the narrow chart.
    room = (style.width - 40) / len(labels)
    widest = max(text_width(str(label), style) for label in labels)
    shown = labels if widest + 8 <= room else labels[::2]
    axis = alt.Axis(labelAngle=0, values=shown) if shown != labels else alt.Axis(labelAngle=0)
    label = alt.X(
        f"{chart.axis_label}:O",
        title=label_title,
        axis=axis,
        **({"scale": alt.Scale(domain=domain)} if domain else {}),
    )
    # No value axis title: the subtitle names the measure.
    value = alt.Y(f"{chart.value}:Q", title=None, scale=scale, axis=alt.Axis(tickCount=5))
    if chart.series:
        scales = series_scales(style, values, chart.axis_label, chart.series)
        lines = base.mark_line(strokeWidth=3).encode(
            x=label, y=value, color=scales["color"], strokeDash=scales["dash"], **parts
        )
        points = base.mark_point(filled=True, size=80, opacity=1).encode(
            x=label, y=value, color=scales["color"], shape=scales["shape"], tooltip=tips
        )
        layers = [lines, points]
    else:
        line = base.mark_line(color=style.colour, strokeWidth=3).encode(x=label, y=value, **parts)
        points = base.mark_point(color=style.colour, filled=True, size=70, shape="circle").encode(
            x=label, y=value, tooltip=tips
        )
        figures = base.mark_text(dy=-14, color=style.text_colour).encode(
            x=label, y=value, text=f"{TEXT_FIELD}:N"
        )
        layers = [line, points, figures]
    return alt.layer(*layers).properties(width=style.width, height=240)
