"""Draft a chart's plain-English description from its rows: how many, highest, lowest, change, and which
figures the chart leaves out (given as symbols). The counting and naming rules (never a wrong plural) are
in wording.py."""

from .model import Chart, Dataset, Missing, Row, format_figure
from .symbols import figures
from .wording import Counted, everyone, join_names, measure_of, upper_first


def describe(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> str:
    """One short paragraph a screen reader user can rely on instead of the picture: the figures drawn, then
    those left out because the source gives a symbol instead ("x": not available)."""
    drawn = describe_figures(chart, dataset, figures(rows, chart.value))
    left_out = left_out_sentence(chart, rows)
    return f"{drawn} {left_out}" if left_out else drawn


def left_out_sentence(chart: Chart, rows: tuple[Row, ...], shown_in: str = "the table") -> str:
    """ "The chart leaves out 2 figures shown as symbols in the table: “x” (not available) for Coventry
    2019; “c” (confidential) for Birmingham 2020." Each symbol once, in the order the rows first give it."""
    by_symbol: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        value = row[chart.value]
        if isinstance(value, Missing):
            by_symbol.setdefault((value.symbol, value.meaning), []).append(point_name(chart, row))
    count = sum(len(names) for names in by_symbol.values())
    if not count:
        return ""
    which = "1 figure shown as a symbol" if count == 1 else f"{count} figures shown as symbols"
    groups = "; ".join(
        f"“{symbol}” ({meaning}) for {join_names(names)}" for (symbol, meaning), names in by_symbol.items()
    )
    # On a page the table under the chart shows them; an image or an embed has no table, but the data has.
    return f"The chart leaves out {which} in {shown_in}: {groups}."


def point_name(chart: Chart, row: Row) -> str:
    """Which figure a row is, in words: its label, with its series (the line, or the dot's group)."""
    if not chart.series:
        return str(row[chart.label])
    if chart.kind == "line":
        return f"{row[chart.series]} {row[chart.label]}"
    return f"{row[chart.label]} ({row[chart.series]})"


def describe_figures(chart: Chart, dataset: Dataset, rows: tuple[Row, ...]) -> str:
    """The figures drawn: how many, the highest and lowest, and the change along a line."""
    if not rows:
        return "The chart has no figures."
    if chart.series and len({row[chart.series] for row in rows}) > 1:
        return describe_series(chart, dataset, rows)
    label_field, value_field = dataset.field(chart.label), dataset.field(chart.value)
    measure, counted = measure_of(value_field.title), Counted(label_field.title)
    values = [row[chart.value] for row in rows]
    high, low = max(values), min(values)

    def named(target) -> str:
        return join_names([row[chart.label] for row in rows if row[chart.value] == target])

    def figure(value) -> str:
        return format_figure(value, value_field)

    count = len(rows)
    if count == 1:
        return f"The chart shows {measure} for {counted(1)}: {figure(high)} ({named(high)})."
    sentences = [f"The chart shows {measure} for {counted(count)}."]
    if high == low:
        sentences.append(f"{upper_first(everyone(count))} have the same figure, {figure(high)}.")
    else:
        sentences.append(
            f"The highest is {figure(high)} ({named(high)}) and the lowest is {figure(low)} ({named(low)})."
        )
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
    measure, counted = measure_of(value_field.title), Counted(label_field.title)
    names = list(dict.fromkeys(row[chart.series] for row in rows))
    labels = list(dict.fromkeys(row[chart.label] for row in rows))
    value = {(row[chart.series], row[chart.label]): row[chart.value] for row in rows}

    def figure(number) -> str:
        return format_figure(number, value_field)

    sentences = [f"The chart shows {measure} for {counted(len(labels))}, comparing {join_names(names)}."]
    if chart.kind == "line":
        for name in names:
            points = [label for label in labels if (name, label) in value]
            first, last = points[0], points[-1]
            if first == last:
                sentences.append(f"{name} was {figure(value[name, first])} in {first}.")
            else:
                sentences.append(
                    f"{name} went from {figure(value[name, first])} in {first} "
                    f"to {figure(value[name, last])} in {last}."
                )
        if len(names) == 2:
            sentences.extend(two_lines(*names, labels, value, figure, counted))
        return " ".join(sentences)
    # Dots: compare the last two series, for every label that has both.
    sentences.append(compare_dots(names[-2], names[-1], labels, value, counted))
    return " ".join(sentences)


def two_lines(a, b, labels, value, figure, counted: Counted) -> list[str]:
    """Where line b stands against line a: at the latest label, and over the labels both have."""
    both = [label for label in labels if (a, label) in value and (b, label) in value]

    def side(label) -> str:
        gap = value[b, label] - value[a, label]
        return "above" if gap > 0 else "below" if gap < 0 else "level with"

    sentences = []
    latest = labels[-1]
    if latest in both:
        gap = value[b, latest] - value[a, latest]
        amount = f"{figure(abs(gap))} " if gap else ""
        sentences.append(f"In {latest}, {b} was {amount}{side(latest)} {a}.")
    if len(both) == 1 and latest not in both:
        sentences.append(f"{b} was {side(both[0])} {a} in {both[0]}, the only {counted.singular} with both.")
    if len(both) < 2:
        return sentences
    below = sum(value[b, label] < value[a, label] for label in both)
    if below == len(both):
        sentences.append(f"{b} was below {a} in {everyone(below)} {counted.plural}.")
    elif below == 0:
        which = f"either {counted.singular}" if len(both) == 2 else f"any of the {len(both)} {counted.plural}"
        sentences.append(f"{b} was not below {a} in {which}.")
    else:
        sentences.append(f"{b} was below {a} in {below} of {len(both)} {counted.plural}.")
    return sentences


def compare_dots(before, after, labels, value, counted: Counted) -> str:
    """How the labels present in both of the last two series moved: higher, lower or the same."""
    pairs = [
        (label, value[before, label], value[after, label])
        for label in labels
        if (before, label) in value and (after, label) in value
    ]
    where = f"in both the {before} and the {after}"
    if not pairs:
        return f"{upper_first(counted(0))} is {where}."
    higher = [label for label, old, new in pairs if new > old]
    lower = [label for label, old, new in pairs if new < old]
    same = [label for label, old, new in pairs if new == old]
    if len(pairs) == 1:
        moved = (
            f"a higher figure in the {after}"
            if higher
            else f"a lower figure in the {after}"
            if lower
            else "the same figure in both"
        )
        return f"Only 1 {counted.singular} is {where}: {pairs[0][0]}, with {moved}."
    start = f"Of the {len(pairs)} {counted.plural} {where}, "
    groups = (
        (higher, f"a higher figure in the {after}", "a higher one"),
        (lower, f"a lower figure in the {after}", "a lower one"),
        (same, "the same figure in both", "the same figure in both"),
    )
    for group, words, _ in groups:
        if len(group) == len(pairs):
            return f"{start}{everyone(len(group))} had {words}."
    clauses = []
    for group, words, later_words in groups:
        if group:
            said = later_words if clauses else f"had {words}"
            clauses.append(f"{len(group)} {said} ({join_names(group)})")
    clauses.extend(f"none {later_words}" for group, _, later_words in groups[:2] if not group)
    return start + join_names(clauses) + "."
