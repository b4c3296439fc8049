"""Tables that republish another's figures (`agrees_with` in datapackage.yaml): read, then checked equal."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean, shown
from .model import Dataset, Missing, Row, SiteData

DATA_PACKAGE = "datapackage.yaml"


@dataclass(frozen=True)
class Agreement:
    """A dataset's declaration (`agrees_with` in datapackage.yaml) that it republishes figures of another.

    Wherever a row of `dataset` and a row of `other` (those matching `filter`) have the same `key`, their
    `values` must be equal: the same figure published by two sources must not differ on the site.
    """

    where: str  # the declaration, for messages about it
    dataset: str
    other: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    filter: tuple[tuple[str, str], ...] = ()


def read_agreements(
    data_dir: Path, package: Any, datasets: Mapping[str, Dataset], problems: list[Problem]
) -> list[Agreement]:
    """Each dataset's `agrees_with` list: other datasets publishing some of the same figures."""
    resources = package.get("resources") if isinstance(package, Mapping) else None
    agreements = []
    for descriptor in resources if isinstance(resources, list) else ():
        if not isinstance(descriptor, Mapping) or descriptor.get("name") not in datasets:
            continue
        declared = descriptor.get("agrees_with") or []
        where = f'{shown(data_dir / DATA_PACKAGE)}, resource "{descriptor["name"]}", "agrees_with"'
        if not isinstance(declared, list):
            declared = [declared]
        for position, item in enumerate(declared, start=1):
            here = f"{where} {position}"
            if not (
                isinstance(item, Mapping)
                and isinstance(item.get("dataset"), str)
                and isinstance(item.get("key"), list)
                and isinstance(item.get("values"), list)
                and isinstance(item.get("filter") or {}, Mapping)
            ):
                problems.append(
                    Problem(
                        here,
                        "is incomplete",
                        '"dataset", lists of columns "key" and "values", and optionally a "filter"',
                    )
                )
                continue
            agreements.append(
                Agreement(
                    where=here,
                    dataset=descriptor["name"],
                    other=item["dataset"],
                    key=tuple(map(str, item["key"])),
                    values=tuple(map(str, item["values"])),
                    filter=tuple((str(k), str(v)) for k, v in (item.get("filter") or {}).items()),
                )
            )
    return agreements


def check_agreement(site: SiteData, agreement: Agreement, data_dir: Path) -> list[Problem]:
    if agreement.other not in site.datasets:
        return [
            Problem(
                agreement.where,
                f'names the dataset "{agreement.other}", which does not exist',
                "a resource name from data/datapackage.yaml",
                did_you_mean(agreement.other, site.datasets),
            )
        ]
    dataset, other = site.datasets[agreement.dataset], site.datasets[agreement.other]
    columns = [("key", name) for name in agreement.key] + [("values", name) for name in agreement.values]
    problems = unknown_columns(agreement.where, dataset, columns)
    problems += unknown_columns(
        agreement.where, other, columns + [("filter", c) for c, _ in agreement.filter]
    )
    if problems:
        return problems

    def key_of(row: Row) -> tuple[str, ...]:
        return tuple(str(row[name]) for name in agreement.key)

    theirs = {
        key_of(row): (row, number)
        for row, number in zip(other.rows, other.row_numbers, strict=True)
        if all(str(row[column]) == wanted for column, wanted in agreement.filter)
    }
    for row, number in zip(dataset.rows, dataset.row_numbers, strict=True):
        if key_of(row) not in theirs:
            continue
        their_row, their_number = theirs[key_of(row)]
        same = ", ".join(f'{name} = "{row[name]}"' for name in agreement.key)
        for name in agreement.values:
            if not same_figure(row[name], their_row[name]):
                problems.append(
                    Problem(
                        f'{shown(data_dir / dataset.path)}, row {number}, column "{name}"',
                        f"{row[name]} differs from {their_row[name]} in "
                        f"{shown(data_dir / other.path)}, row {their_number}, the same figure ({same})",
                        f'the same figure in both, as "agrees_with" of dataset "{dataset.name}" declares',
                        "correct the one that does not match its source document",
                    )
                )
    return problems


def same_figure(ours: Any, theirs: Any) -> bool:
    """Whether two tables give the same figure: numbers by value (Decimal: 40.0 agrees with 40), and a
    symbol only with the same symbol ("x" with "x", never with a number or with "c")."""
    if isinstance(ours, Missing) or isinstance(theirs, Missing):
        return isinstance(ours, Missing) and isinstance(theirs, Missing) and ours.symbol == theirs.symbol
    return ours == theirs


def unknown_columns(where: str, dataset: Dataset, used: Iterable[tuple[str, str]]) -> list[Problem]:
    """A problem for each (role, column) naming a column the dataset does not have."""
    return [
        Problem(
            where,
            f'{role} names the column "{name}", which dataset "{dataset.name}" does not have',
            "one of " + ", ".join(f'"{n}"' for n in dataset.field_names),
            did_you_mean(name, dataset.field_names),
        )
        for role, name in used
        if name not in dataset.field_names
    ]
