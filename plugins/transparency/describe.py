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
    if chart.series:
        return describe_series(chart, dataset, rows)
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


def describe_series(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> str:
    """Several series (areas, audits): how each changed, and how they compare at the latest point."""
    label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
    measure = lower_first(value_field.title)
    names = list(dict.fromkeys(row[chart.series] for row in rows))
    labels = list(dict.fromkeys(row[chart.label] for row in rows))
    value = {(row[chart.series], row[chart.label]): row[chart.value] for row in rows}

    def figure(number) -> str:
        return format_figure(number, value_field)

    sentences = [
        f"The chart shows the {measure} for {len(labels)} {plural(lower_first(label_field.title))}, "
        f"comparing {join_names([str(n) for n in names])}."
    ]
    if chart.kind == "line":
        for name in names:
            points = [label for label in labels if (name, label) in value]
            first, last = points[0], points[-1]
            sentences.append(
                f"{name} went from {figure(value[name, first])} in {first} "
                f"to {figure(value[name, last])} in {last}."
            )
        latest = labels[-1]
        if len(names) == 2 and all((name, latest) in value for name in names):
            a, b = names
            gap = value[b, latest] - value[a, latest]
            side = "above" if gap > 0 else "below" if gap < 0 else "level with"
            amount = f"{figure(abs(gap))} " if gap else ""
            sentences.append(f"In {latest}, {b} was {amount}{side} {a}.")
            both = [label for label in labels if (a, label) in value and (b, label) in value]
            below = [label for label in both if value[b, label] < value[a, label]]
            sentences.append(
                f"{b} was below {a} in {len(below)} of {len(both)} {plural(lower_first(label_field.title))}."
            )
        return " ".join(sentences)
    # Dots: compare the last two series, for every label that has both.
    before, after = names[-2], names[-1]
    pairs = [
        (label, value[before, label], value[after, label])
        for label in labels
        if (before, label) in value and (after, label) in value
    ]
    higher = [label for label, old, new in pairs if new > old]
    lower = [label for label, old, new in pairs if new < old]

    def listed(names: list) -> str:
        return join_names([str(name) for name in names]) if names else "none"

    sentences.append(
        f"Of the {len(pairs)} {plural(lower_first(label_field.title))} in both the {before} and the {after}, "
        f"{len(higher)} had a higher figure in the {after} ({listed(higher)}) "
        f"and {len(lower)} a lower one ({listed(lower)})."
    )
    return " ".join(sentences)
