"""Figures compared across publications, joined only through an editable mapping in data/, never by name."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean, shown
from .model import Comparison, Dataset, Field, Missing, Publication, format_figure
from .text import check_id

COMPARISON_KEYS = ("id", "dataset", "mapping", "group", "value")
PAGE_KEYS = ("slug", "title", "section")
MINUS = "\u2212"  # the minus sign a reader expects, not the hyphen: only in what is displayed
PUBLICATION_FIELD = Field("publication_title", "Publication", "string", "The publication the figure is from.")


def read_comparisons(
    path: Path, document: Any, dataset_names: Iterable[str], problems: list[Problem]
) -> dict[str, Comparison]:
    """The optional `comparisons:` list of charts.yaml. Each comparison is published as a dataset of its
    own, by its id, so the id must be a slug that no dataset of the package has."""
    dataset_names = set(dataset_names)
    items = document.get("comparisons") or [] if isinstance(document, Mapping) else []
    comparisons: dict[str, Comparison] = {}
    for position, item in enumerate(items if isinstance(items, list) else [None], start=1):
        where = f"{shown(path)}, comparison {position}"
        if not isinstance(item, Mapping) or any(not item.get(key) for key in COMPARISON_KEYS):
            keys = ", ".join(f'"{key}"' for key in COMPARISON_KEYS)
            problems.append(Problem(where, "is incomplete", f"the keys {keys}"))
            continue
        if not check_id(where, "id", item["id"], problems):
            continue
        if item["id"] in dataset_names or item["id"] in comparisons:
            what = "a dataset" if item["id"] in dataset_names else "another comparison"
            problems.append(
                Problem(
                    f'{where}, "id"',
                    f'"{item["id"]}" is already the name of {what}, whose files it would replace',
                    "an id of its own",
                )
            )
            continue
        unknown = [key for key in item if key not in (*COMPARISON_KEYS, "note", "page")]
        page = item.get("page")
        if unknown:
            problems.append(
                Problem(
                    where,
                    f'has an unknown key "{unknown[0]}"',
                    hint=did_you_mean(str(unknown[0]), (*COMPARISON_KEYS, "note", "page")),
                )
            )
            continue
        if page is not None and not (
            isinstance(page, Mapping)
            and set(page) <= set(PAGE_KEYS)
            and all(isinstance(page.get(key), str) for key in ("slug", "title"))
        ):
            problems.append(
                Problem(
                    f'{where}, "page"',
                    "is incomplete",
                    'the "slug" and "title" of the page explaining the comparison, and optionally the id of '
                    'its "section" on the mapping',
                )
            )
            continue
        if not isinstance(item.get("note", ""), str):
            problems.append(Problem(f'{where}, "note"', "is not a text", "a sentence or two"))
            continue
        comparisons[str(item["id"])] = Comparison(
            **{key: str(item[key]) for key in COMPARISON_KEYS},
            note=" ".join(item.get("note", "").split()),
            page=(page["slug"], page["title"], page.get("section", "")) if page else None,
        )
    return comparisons


def compare(
    data_dir: Path,
    comparisons: Iterable[Comparison],
    datasets: Mapping[str, Dataset],
    publications: Mapping[str, Publication],
    problems: list[Problem],
) -> dict[str, Dataset]:
    """Each comparison as a dataset: one row per mapping row, with the figure it points to."""
    derived = {}
    for comparison in comparisons:
        where = f'{shown(data_dir / "charts.yaml")}, comparison "{comparison.id}"'
        missing = [name for name in (comparison.dataset, comparison.mapping) if name not in datasets]
        if missing:
            problems.extend(
                Problem(
                    where,
                    f'names the dataset "{name}", which does not exist',
                    hint=did_you_mean(name, datasets),
                )
                for name in missing
            )
            continue
        dataset, mapping = datasets[comparison.dataset], datasets[comparison.mapping]
        shared = [name for name in mapping.field_names if name in dataset.field_names]
        if "publication" not in shared or comparison.group not in mapping.field_names:
            problems.append(
                Problem(
                    where,
                    "cannot join its mapping to its dataset",
                    f'a mapping with the columns "{comparison.group}", "publication" and the label',
                )
            )
            continue
        if comparison.value not in dataset.field_names:
            problems.append(
                Problem(
                    where,
                    f'compares the column "{comparison.value}", which dataset "{dataset.name}" does not have',
                    hint=did_you_mean(comparison.value, dataset.field_names),
                )
            )
            continue
        by_key = {tuple(str(row[name]) for name in shared): row for row in dataset.rows}
        rows = []
        for row, number in zip(mapping.rows, mapping.row_numbers, strict=True):
            key = tuple(str(row[name]) for name in shared)
            if key not in by_key:
                wanted = ", ".join(f'{name} = "{value}"' for name, value in zip(shared, key, strict=True))
                problems.append(
                    Problem(
                        f"{shown(data_dir / mapping.path)}, row {number}",
                        f'no row of dataset "{dataset.name}" has {wanted}',
                        "names exactly as the publication's dataset writes them",
                    )
                )
                continue
            publication = publications[row["publication"]]
            rows.append(
                {
                    comparison.group: row[comparison.group],
                    PUBLICATION_FIELD.name: publication.short_title or publication.title,
                    **{name: row[name] for name in shared},
                    comparison.value: by_key[key][comparison.value],
                }
            )
        groups = list(dict.fromkeys(row[comparison.group] for row in rows))
        rows.sort(
            key=lambda r: (groups.index(r[comparison.group]), publications[r["publication"]].period.start)
        )
        fields = (
            (mapping.field(comparison.group), PUBLICATION_FIELD)
            + tuple(
                dataset.field(name) if name in dataset.field_names else mapping.field(name) for name in shared
            )
            + (dataset.field(comparison.value),)
        )
        derived[comparison.id] = Dataset(
            name=comparison.id,
            title=f"{dataset.title}, compared across publications",
            description=f"{dataset.description} Joined through {mapping.path}.",
            path=f"{mapping.path} + {dataset.path}",
            fields=fields,
            primary_key=(comparison.group, "publication"),
            rows=tuple(rows),
            row_numbers=tuple(range(1, len(rows) + 1)),
            derived_from=(mapping.name, dataset.name),
            symbols=dataset.symbols,
        )
    return derived


@dataclass(frozen=True)
class Change:
    """One compared figure against the same thing in the publication before."""

    group: str
    label_now: str
    now: str
    label_before: str
    before: str
    publication_before: str
    difference: str  # for reading: a true minus sign (U+2212) or a plus, e.g. "−10.5"; "" if not comparable
    # The same in words, shown apart from the figure: "higher", "lower", "the same", or "not comparable"
    # where either figure is given as a symbol (no arithmetic is done on symbols).
    direction: str
    change: Decimal | None = Decimal(0)  # the number itself, for what is not read; None: not comparable


def changes(
    compared: Dataset, comparison: Comparison, publications: Mapping[str, Publication], publication_id: str
) -> list[Change]:
    """For each mapped thing in a publication, its figure then and in the latest earlier publication; where
    either is a symbol, both are shown with its meaning and the change is "not comparable"."""
    value_field = compared.field(comparison.value)
    label = next(name for name in compared.field_names[2:-1] if name != "publication")
    start = publications[publication_id].period.start
    found = []
    for row in compared.rows:
        if row["publication"] != publication_id:
            continue
        earlier = [
            other
            for other in compared.rows
            if other[comparison.group] == row[comparison.group]
            and publications[other["publication"]].period.start < start
        ]
        if not earlier:
            continue
        before = max(earlier, key=lambda other: publications[other["publication"]].period.start)
        now, then = row[comparison.value], before[comparison.value]
        difference = None if isinstance(now, Missing) or isinstance(then, Missing) else now - then
        sign = "" if not difference else "+" if difference > 0 else MINUS
        if difference is None:
            direction = "not comparable"
        else:
            direction = "higher" if difference > 0 else "lower" if difference < 0 else "the same"
        found.append(
            Change(
                group=row[comparison.group],
                label_now=row[label],
                now=figure_text(now, value_field),
                label_before=before[label],
                before=figure_text(then, value_field),
                publication_before=before[PUBLICATION_FIELD.name],
                difference="" if difference is None else sign + format_figure(abs(difference), value_field),
                direction=direction,
                change=difference,
            )
        )
    return found


def figure_text(value, field: Field) -> str:
    """A figure as a table of changes shows it: a symbol with its meaning, as no key follows the table."""
    if isinstance(value, Missing):
        return f"{value.symbol} ({value.meaning})"
    return format_figure(value, field)
