"""Read data/ (the data package, publications and charts) into the model, collecting every problem."""

from collections.abc import Collection, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from .agreements import read_agreements
from .areacodes import AREA_CODE, check_area_codes
from .cache import Cache
from .chart_declarations import read_charts
from .comparisons import compare, read_comparisons
from .csvfile import read_table
from .errors import DataError, Problem, did_you_mean, shown
from .model import Dataset, Field, SiteData
from .pagesets import PAGE_SETS, read_page_sets
from .publications import read_caveats, read_publications
from .schemacheck import check_schema
from .symbolcheck import read_symbols
from .symbols import with_symbols
from .tablecheck import primary_key, validate_table
from .tables import ValidatedTables
from .tablesread import read_kept
from .text import check_id, inside
from .validate import check_site_data
from .yamlfields import check_texts, read_date
from .yamlfile import read_yaml

DATA_PACKAGE = "datapackage.yaml"
PUBLICATIONS = "publications.yaml"
CHARTS = "charts.yaml"
TEXT_KEYS = ("title", "description")


def load_site_data(
    data_dir: Path,
    cache: Cache | None = None,
    kinds: Collection[str] | None = None,
    read_before: dict | None = None,
) -> SiteData:
    """Read and check every file in data_dir; raise DataError listing all problems found.
    Tables found valid are remembered in `cache` (None: validate every table every time); `kinds` are the
    kinds of publication the settings declare (None: any). read_before: the tables an earlier load read,
    by declaration and file bytes, given back as the same objects where unchanged, and replaced by this
    load's (the warm preview's, warmcache.py: a table's digest is kept on it, fingerprint.LASTING)."""
    problems: list[Problem] = []
    files = {}
    for name in (DATA_PACKAGE, PUBLICATIONS, CHARTS):
        if not inside(data_dir, data_dir / name):
            problems.append(outside(data_dir, data_dir / name))
        else:
            files[name] = read_yaml(data_dir / name, problems, cache)
    if problems:
        raise DataError(problems)
    package, publications_file, charts_file = files[DATA_PACKAGE], files[PUBLICATIONS], files[CHARTS]

    tables = ValidatedTables(cache)
    datasets = read_datasets(data_dir, package, problems, tables, read_before)
    tables.save()
    agreements = read_agreements(data_dir, package, datasets, problems)
    caveats = read_caveats(data_dir / PUBLICATIONS, publications_file, problems)
    publications = read_publications(data_dir / PUBLICATIONS, publications_file, caveats, kinds, problems)
    comparisons = read_comparisons(data_dir / CHARTS, charts_file, set(datasets), problems)
    if not problems:
        # Compared figures become datasets of their own, so charts draw them like any other.
        datasets.update(compare(data_dir, comparisons.values(), datasets, publications, problems))
    charts = read_charts(data_dir / CHARTS, charts_file, caveats, problems)
    site = SiteData(
        datasets=datasets,
        publications=publications,
        charts=charts,
        comparisons=comparisons,
        package=package,
        agreeing=tuple((a.dataset, a.other, dict(a.filter)) for a in agreements),
    )
    if not problems:
        problems.extend(check_site_data(site, data_dir, agreements))
    if not problems and (data_dir / PAGE_SETS).exists():
        # Pages made from tables, with their charts: checked against the data read above.
        if not inside(data_dir, data_dir / PAGE_SETS):
            raise DataError([outside(data_dir, data_dir / PAGE_SETS)])
        document = read_yaml(data_dir / PAGE_SETS, problems, cache)
        page_sets, set_charts = read_page_sets(data_dir / PAGE_SETS, document, site, caveats, problems)
        site = replace(site, page_sets=page_sets, charts={**charts, **set_charts})
    if problems:
        raise DataError(problems)
    return site


def outside(data_dir: Path, path: Path) -> Problem:
    return Problem(
        shown(path),
        f"lies outside {shown(data_dir)} (through a link or a path such as ../)",
        f"a file inside {shown(data_dir)}: the site publishes only what its data folder holds",
    )


# --- datasets -------------------------------------------------------------------------------


def read_datasets(
    data_dir: Path,
    package: Any,
    problems: list[Problem],
    tables: ValidatedTables | None = None,
    read_before: dict | None = None,
) -> dict[str, Dataset]:
    tables = tables or ValidatedTables(None)
    where = shown(data_dir / DATA_PACKAGE)
    resources = package.get("resources") if isinstance(package, Mapping) else None
    if not isinstance(resources, list) or not resources:
        problems.append(Problem(where, 'has no "resources" list', "one entry per CSV table"))
        return {}
    datasets: dict[str, Dataset] = {}
    kept: dict[tuple, Dataset] = {}
    for position, descriptor in enumerate(resources, start=1):
        if not isinstance(descriptor, Mapping):
            problems.append(Problem(f"{where}, resource {position}", "is not a mapping of keys to values"))
            continue
        name = descriptor.get("name")
        here = f'{where}, resource "{name}"' if name else f"{where}, resource {position}"
        missing = [key for key in ("name", "path", "schema") if not descriptor.get(key)]
        if missing:
            problems.append(
                Problem(
                    here,
                    "is missing " + ", ".join(f'"{key}"' for key in missing),
                    'a "name", a "path" and a "schema"',
                )
            )
            continue
        if not check_id(here, "name", name, problems) or not check_texts(
            here, descriptor, TEXT_KEYS, problems
        ):
            continue
        if name in datasets:
            problems.append(Problem(here, f'repeats the name "{name}"', "each name once"))
            continue
        if not check_schema(here, descriptor["schema"], problems):
            continue
        read = partial(read_dataset, data_dir, here, descriptor, problems, tables)
        if read_before is None:
            dataset = read()
        else:
            csv_path = table_path(data_dir, descriptor)
            dataset = read_kept(read, csv_path, descriptor, problems, read_before, kept)
        if dataset:
            datasets[name] = dataset
    if read_before is not None:
        read_before.clear()
        read_before.update(kept)
    return datasets


def table_path(data_dir: Path, descriptor: Mapping) -> Path | None:
    """Where a table's CSV file is, or None when its path leads outside data_dir."""
    path = data_dir / str(descriptor["path"])
    if Path(str(descriptor["path"])).is_absolute() or not inside(data_dir, path):
        return None
    return path


def read_dataset(
    data_dir: Path, where: str, descriptor: Mapping, problems: list[Problem], tables: ValidatedTables
) -> Dataset | None:
    csv_path = table_path(data_dir, descriptor)
    schema = descriptor["schema"]
    columns = ", ".join(f'"{f["name"]}"' for f in schema["fields"])
    if csv_path is None:
        problems.append(outside(data_dir, data_dir / str(descriptor["path"])))
        return None
    last_updated = read_date(where, "last_updated", descriptor.get("last_updated"), problems)
    period_field = descriptor.get("period_field")
    names = [str(f["name"]) for f in schema["fields"]]
    if period_field is not None and period_field not in names:
        problems.append(
            Problem(
                f'{where}, "period_field"',
                f'names the column "{period_field}", which the schema does not have',
                "the column saying when each figure is from, one of " + ", ".join(f'"{n}"' for n in names),
                did_you_mean(str(period_field), names),
            )
        )
        return None
    symbols = read_symbols(where, descriptor, problems)
    table = read_table(csv_path, problems, f'the table of dataset "{descriptor["name"]}"')
    if table is None or symbols is None:
        return None
    rows, lines = table
    if not rows:
        problems.append(
            Problem(
                shown(csv_path), "is empty", f"a header row naming the columns {columns}, then the figures"
            )
        )
        return None
    valid = tables.rows(schema, rows, lines)
    if valid is None:
        valid = validate_table(csv_path, schema, rows, lines, problems)
        if valid is None:
            return None
        tables.remember(schema, rows, lines, valid)
    # Each declared symbol as a Missing(symbol, meaning), on a cache hit as after frictionless.
    not_figures = [*primary_key(schema), *([period_field] if period_field else [])]
    marked = with_symbols(
        shown(csv_path), schema["fields"], symbols, rows, lines, valid[0], not_figures, problems
    )
    if marked is None:
        return None
    fields = tuple(
        Field(
            name=f["name"],
            title=str(f.get("title", f["name"])),
            type=f.get("type", "string"),
            description=str(f.get("description", "")),
            unit=str(f.get("unit", "")),
            area_code=f.get(AREA_CODE) is True,
        )
        for f in schema["fields"]
    )
    check_area_codes(shown(csv_path), fields, marked, valid[1], problems)
    return Dataset(
        name=descriptor["name"],
        title=str(descriptor.get("title", descriptor["name"])),
        description=str(descriptor.get("description", "")),
        path=descriptor["path"],
        fields=fields,
        primary_key=tuple(primary_key(schema)),
        rows=marked,
        row_numbers=valid[1],
        last_updated=last_updated,
        period_field=period_field,
        symbols=symbols,
    )
