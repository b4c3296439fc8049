"""Draft a chart's plain-English description from its rows: how many, highest, lowest, change."""

from .model import Chart, Dataset, Row, format_figure


def lower_first(title: str) -> str:
    """ "Average caseload" -> "average caseload", but "FTE caseload" stays as it is."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> str:
    """One short paragraph a screen reader user can rely on instead of the picture."""
    label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
    measure = lower_first(value_field.title)
    values = [row[chart.value] for row in rows]
    high, low = max(values), min(values)

    def named(target) -> str:
        return join_names([str(row[chart.label]) for row in rows if row[chart.value] == target])

    def figure(value) -> str:
        return format_figure(value, value_field)

    count = len(rows)
    if count == 1:
        return f"{named(high)}: {measure} {figure(high)}."
    sentences = [
        f"The chart shows the {measure} for {count} {plural(lower_first(label_field.title))}.",
        f"The highest is {figure(high)} ({named(high)}) and the lowest is {figure(low)} ({named(low)}).",
    ]
    if chart.kind == "line":
        first, last = rows[0], rows[-1]
        change = last[chart.value] - first[chart.value]
        direction = "a rise" if change > 0 else "a fall" if change < 0 else "no change"
        amount = f" of {figure(abs(change))}" if change else ""
        sentences.append(
            f"From {first[chart.label]} to {last[chart.label]} it went from {figure(first[chart.value])} "
            f"to {figure(last[chart.value])}, {direction}{amount}."
        )
    return " ".join(sentences)
