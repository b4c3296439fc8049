"""Read the publications and charts declared in publications.yaml and charts.yaml into the model."""

import re
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean, shown
from .model import Chart, Period, Publication, Update
from .text import check_id

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

PUBLICATION_KEYS = {
    "required": (
        "id",
        "kind",
        "title",
        "publisher",
        "period",
        "methodology",
        "source_document",
    ),
    "optional": ("reference", "published", "reuse_terms", "caveats", "updates", "short_title", "article"),
}
CHART_KEYS = {
    "required": ("id", "dataset", "kind", "label", "value", "title", "subtitle"),
    "optional": ("filter", "notes", "caveats", "series", "short_label"),
}
# Keys whose values are printed or compared as text: a number or a list there is a slip of the keyboard
# or of indentation, to report, not to print.
PUBLICATION_TEXTS = ("kind", "title", "publisher", "methodology", "source_document", "reference")
PUBLICATION_TEXTS += ("reuse_terms", "short_title")
CHART_TEXTS = ("dataset", "kind", "label", "value", "title", "subtitle", "series", "short_label")


def check_texts(where: str, item: Mapping, keys: tuple[str, ...], problems: list[Problem]) -> bool:
    """Whether each of these keys, where given, is a text (a whole number such as 2026 is read as one)."""
    wrong = [key for key in keys if item.get(key) is not None and not is_text(item[key])]
    for key in wrong:
        problems.append(Problem(f'{where}, "{key}"', f"is {a_value(item[key])}", "a text"))
    return not wrong


def is_text(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def a_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping of keys to values"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f'the number {value} (put it in quotes, "{value}", to make it a text)'
    return f'the text "{value}"'


def text_list(where: str, item: Mapping, key: str, problems: list[Problem]) -> tuple[str, ...]:
    """A list of texts, such as a chart's notes: one text given alone is a slip, not one note per letter."""
    listed = item.get(key) or []
    if not isinstance(listed, list) or not all(isinstance(text, str) for text in listed):
        problems.append(
            Problem(f'{where}, "{key}"', f"is {a_value(listed)}", 'a list of texts, each on a line "- text"')
        )
        return ()
    return tuple(" ".join(text.split()) for text in listed)


def entries(path: Path, document: Any, key: str, problems: list[Problem]) -> list[tuple[str, Mapping]]:
    """The entries of a YAML file's top-level list, each with where it is, keeping only mappings."""
    items = document.get(key) if isinstance(document, Mapping) else None
    if not isinstance(items, list):
        problems.append(
            Problem(
                shown(path),
                f'has no "{key}" list',
                f'a top-level "{key}:" with one entry per item',
            )
        )
        return []
    found = []
    for position, item in enumerate(items, start=1):
        label = item.get("id") if isinstance(item, Mapping) else None
        where = f'{shown(path)}, {key[:-1]} "{label}"' if label else f"{shown(path)}, {key[:-1]} {position}"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "is not a mapping of keys to values"))
            continue
        found.append((where, item))
    return found


def check_keys(where: str, item: Mapping, keys: Mapping, problems: list[Problem]) -> bool:
    known = keys["required"] + keys["optional"]
    ok = True
    for key in item:
        if key not in known:
            problems.append(
                Problem(
                    where,
                    f'has an unknown key "{key}"',
                    hint=did_you_mean(str(key), known),
                )
            )
            ok = False
    for key in keys["required"]:
        if item.get(key) in (None, ""):
            problems.append(Problem(where, f'is missing "{key}"'))
            ok = False
    return ok


def read_date(where: str, key: str, value: Any, problems: list[Problem]) -> date | None:
    if value is None:
        return None
    text = str(value)
    if ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            problems.append(
                Problem(
                    f'{where}, "{key}"', f'"{text}" is not a day of the calendar', "a real date, YYYY-MM-DD"
                )
            )
            return None
    problems.append(
        Problem(
            f'{where}, "{key}"',
            f'"{value}" is not a date',
            "a date written as YYYY-MM-DD",
        )
    )
    return None


def read_caveats(path: Path, document: Any, problems: list[Problem]) -> dict[str, str]:
    """Caveats are written once, by name, and named by publications and charts."""
    caveats = document.get("caveats", {}) if isinstance(document, Mapping) else {}
    if not isinstance(caveats, Mapping) or not all(isinstance(text, str) for text in caveats.values()):
        problems.append(Problem(f'{shown(path)}, "caveats"', "is not a list of named texts", "name: text"))
        return {}
    return {str(name): " ".join(text.split()) for name, text in caveats.items()}


def named_caveats(
    where: str, item: Mapping, caveats: Mapping[str, str], problems: list[Problem]
) -> tuple[str, ...]:
    names = item.get("caveats") or []
    if not isinstance(names, list):
        problems.append(
            Problem(f'{where}, "caveats"', "is not a list", "a list of caveat names such as [case-weighting]")
        )
        return ()
    for name in names:
        if not isinstance(name, str) or name not in caveats:
            problems.append(
                Problem(
                    f'{where}, "caveats"',
                    f'names the caveat "{name}", which is not defined',
                    "a name from the caveats list in publications.yaml",
                    did_you_mean(str(name), caveats),
                )
            )
    return tuple(caveats[name] for name in names if isinstance(name, str) and name in caveats)


def read_updates(where: str, item: Mapping, problems: list[Problem]) -> tuple[Update, ...]:
    """The dated notes of changes to a publication's page (a corrected figure), newest first."""
    listed = item.get("updates") or []
    expected = 'a list of "- date: YYYY-MM-DD" with "note: what changed"'
    if not isinstance(listed, list):
        problems.append(Problem(f'{where}, "updates"', "is not a list", expected))
        return ()
    updates = []
    for position, update in enumerate(listed, start=1):
        here = f"{where}, update {position}"
        if not isinstance(update, Mapping) or not str(update.get("note") or "").strip():
            problems.append(Problem(here, 'needs a "date" and a "note"', expected))
            continue
        if update.get("date") is None:
            problems.append(Problem(here, 'needs a "date" and a "note"', expected))
            continue
        dated = read_date(here, "date", update["date"], problems)
        if dated:
            updates.append(Update(date=dated, note=" ".join(str(update["note"]).split())))
    return tuple(sorted(updates, key=lambda update: update.date, reverse=True))


def read_publications(
    path: Path,
    document: Any,
    caveats: Mapping[str, str],
    kinds: Collection[str] | None,
    problems: list[Problem],
) -> dict[str, Publication]:
    publications: dict[str, Publication] = {}
    for where, item in entries(path, document, "publications", problems):
        if not check_keys(where, item, PUBLICATION_KEYS, problems):
            continue
        if not (
            check_id(where, "id", item["id"], problems)
            & check_texts(where, item, PUBLICATION_TEXTS, problems)
        ):
            continue
        if kinds is not None and item["kind"] not in kinds:
            problems.append(
                Problem(
                    f'{where}, "kind"',
                    f'"{item["kind"]}" is not a kind of publication the settings declare',
                    "one of " + ", ".join(f'"{kind}"' for kind in sorted(kinds)) + " (TRANSPARENCY_KINDS)",
                    did_you_mean(item["kind"], kinds),
                )
            )
            continue
        if item.get("article", True) not in (True, False):
            problems.append(Problem(f'{where}, "article"', f"is {a_value(item['article'])}", "true or false"))
            continue
        period = item["period"]
        if not isinstance(period, Mapping) or not all(period.get(k) for k in ("start", "end", "label")):
            problems.append(Problem(f'{where}, "period"', "is incomplete", '"start", "end" and "label"'))
            continue
        if not check_texts(f'{where}, "period"', period, ("label",), problems):
            continue
        start = read_date(where, "period.start", period["start"], problems)
        end = read_date(where, "period.end", period["end"], problems)
        published = read_date(where, "published", item.get("published"), problems)
        if start and end and start > end:
            problems.append(Problem(f'{where}, "period"', f"starts ({start}) after it ends ({end})"))
        if item["id"] in publications:
            problems.append(Problem(where, f'repeats the id "{item["id"]}"', "each id once"))
        if not (start and end) or item["id"] in publications:
            continue
        publications[item["id"]] = Publication(
            id=item["id"],
            kind=item["kind"],
            title=str(item["title"]),
            publisher=str(item["publisher"]),
            period=Period(start=start, end=end, label=str(period["label"])),
            methodology=str(item["methodology"]).strip(),
            source_document=str(item["source_document"]).strip(),
            reference=str(item["reference"]) if item.get("reference") is not None else None,
            published=published,
            reuse_terms=str(item.get("reuse_terms") or "").strip() or None,
            caveats=named_caveats(where, item, caveats, problems),
            updates=read_updates(where, item, problems),
            short_title=str(item["short_title"]) if item.get("short_title") is not None else None,
            has_article=item.get("article", True),
        )
    return publications


def read_charts(
    path: Path, document: Any, caveats: Mapping[str, str], problems: list[Problem]
) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    for where, item in entries(path, document, "charts", problems):
        if not check_keys(where, item, CHART_KEYS, problems):
            continue
        if not (
            check_id(where, "id", item["id"], problems) & check_texts(where, item, CHART_TEXTS, problems)
        ):
            continue
        if item["id"] in charts:
            problems.append(Problem(where, f'repeats the chart id "{item["id"]}"', "each chart id once"))
            continue
        chart_filter = item.get("filter") or {}
        if not isinstance(chart_filter, Mapping):
            problems.append(Problem(f'{where}, "filter"', "is not a mapping", "column: value pairs"))
            continue
        charts[item["id"]] = Chart(
            id=str(item["id"]),
            dataset=str(item["dataset"]),
            kind=str(item["kind"]),
            label=str(item["label"]),
            value=str(item["value"]),
            title=str(item["title"]),
            subtitle=str(item["subtitle"]),
            filter=tuple((str(k), str(v)) for k, v in chart_filter.items()),
            notes=text_list(where, item, "notes", problems),
            caveats=named_caveats(where, item, caveats, problems),
            series=str(item["series"]) if item.get("series") else None,
            short_label=str(item["short_label"]) if item.get("short_label") else None,
        )
    return charts
