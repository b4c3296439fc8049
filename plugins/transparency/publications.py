"""Read the publications declared in publications.yaml, and the caveats they name, into the model."""

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean, shown
from .model import Period, Publication, Update
from .text import check_id
from .yamlfields import a_value, check_keys, check_texts, entries, read_date, read_web_address

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
    "optional": (
        "reference",
        "published",
        "reuse_terms",
        "caveats",
        "updates",
        "short_title",
        "article",
        "url",
        "licence",
        "first_published",
    ),
}
PUBLICATION_TEXTS = ("kind", "title", "publisher", "methodology", "source_document", "reference")
PUBLICATION_TEXTS += ("reuse_terms", "short_title")


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
        if "url" not in item:
            problems.append(
                Problem(
                    where,
                    'is missing "url"',
                    'the address of the original document, or "url: null" where it has none',
                )
            )
            continue
        first_published = read_date(where, "first_published", item.get("first_published"), problems)
        if item.get("article", True) and item.get("first_published") is None:
            problems.append(
                Problem(
                    where,
                    'is missing "first_published"',
                    "the date this site first published its page, YYYY-MM-DD (the source's own date is "
                    '"published")',
                )
            )
            continue
        licence = read_licence(where, item.get("licence"), problems)
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
            url=read_web_address(where, "url", item["url"], problems),
            first_published=first_published,
            licence=licence,
        )
    return publications


def read_licence(where: str, licence: Any, problems: list[Problem]) -> tuple[str, str] | None:
    """The licence the source states for its figures, by name and the address of its text."""
    if licence is None:
        return None
    if not (
        isinstance(licence, Mapping) and set(licence) == {"name", "url"} and isinstance(licence["name"], str)
    ):
        problems.append(
            Problem(
                f'{where}, "licence"',
                "is incomplete",
                'its "name" and the "url" of its text, as the source gives them',
            )
        )
        return None
    url = read_web_address(f'{where}, "licence"', "url", licence["url"], problems)
    return (licence["name"], url) if url else None
