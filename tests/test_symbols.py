"""Official statistics symbols (x, c, z, u, low, :, ..) from the schema to every place a figure appears.

A made-up national table (tests/fixtures/symbols/: England, Birmingham and Coventry with their real GSS codes,
2019 to 2023, every symbol once) is added to a copy of the project and built once. Each check derives what
it expects from the fixture's CSV and declaration, read here with the csv and yaml modules, never from the
code under test: the table cells, the key under the table, the description's count, the chart spec's data,
the CSV and JSON downloads and the published data package.
"""

import csv
import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from site_build import ROOT, built_once, copy_project, load_problems, page, run_pelican

from plugins.transparency import urls
from plugins.transparency.agreements import same_figure
from plugins.transparency.cache import Cache
from plugins.transparency.charts import chart_data, ordered
from plugins.transparency.comparisons import changes
from plugins.transparency.figures import value_text
from plugins.transparency.load import load_site_data
from plugins.transparency.model import Comparison, Dataset, Field, Missing, Period, Publication, format_figure
from plugins.transparency.tables import ENTRY

FIXTURE = ROOT / "tests" / "fixtures" / "symbols"
NAME = "made-up-children-in-need-rate"
CSV_NAME = f"{NAME}.csv"
VALUE = "rate_per_10000"
LINE, BAR, TABLE = "made-up-rate-over-time", "made-up-rate-2021", "made-up-rate-table"


# --- what the fixture says, read without the code under test --------------------------------------------


def declaration() -> dict:
    return yaml.safe_load(f"resources:\n{(FIXTURE / 'resource.yaml').read_text(encoding='utf-8')}")[
        "resources"
    ][0]


MEANINGS = declaration()["schema"]["symbols"]
CHARTS = {c["id"]: c for c in yaml.safe_load((FIXTURE / "charts.yaml").read_text(encoding="utf-8"))}


def csv_rows() -> list[dict]:
    with (FIXTURE / CSV_NAME).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def is_symbol(cell: str) -> bool:
    return cell in MEANINGS


def add_fixture(data_dir: Path) -> Path:
    """The fixture's table, its declaration and its charts added to a copy of data/."""
    shutil.copy(FIXTURE / CSV_NAME, data_dir / CSV_NAME)
    for name, addition in (("datapackage.yaml", "resource.yaml"), ("charts.yaml", "charts.yaml")):
        with (data_dir / name).open("a", encoding="utf-8") as file:
            file.write((FIXTURE / addition).read_text(encoding="utf-8"))
    return data_dir


def test_the_fixture_uses_every_symbol_and_real_codes():
    cells = [row[VALUE] for row in csv_rows()]
    assert sorted(set(filter(is_symbol, cells))) == sorted(["x", "c", "z", "u", "low", ":", ".."])
    assert {row["area"]: row["area_code"] for row in csv_rows()} == {
        "England": "E92000001",
        "Birmingham": "E08000025",
        "Coventry": "E08000026",
    }


# --- reading --------------------------------------------------------------------------------------------


@pytest.fixture
def symbols_data(data_copy) -> Path:
    return add_fixture(data_copy)


def test_each_symbol_is_read_as_missing_with_its_meaning_and_each_number_as_written(symbols_data):
    dataset = load_site_data(symbols_data).datasets[NAME]
    assert dataset.symbols == tuple(MEANINGS.items())
    assert len(dataset.rows) == len(csv_rows())
    for row, expected in zip(dataset.rows, csv_rows(), strict=True):
        cell = expected[VALUE]
        if is_symbol(cell):
            assert row[VALUE] == Missing(cell, MEANINGS[cell])
            assert row[VALUE] is not None and row[VALUE] != 0
        else:
            assert row[VALUE] == Decimal(cell) and str(row[VALUE]) == cell
        assert row["area_code"] == expected["area_code"]


def test_a_cache_hit_gives_exactly_the_same_rows(symbols_data, tmp_path):
    cache = Cache(tmp_path / "cache")
    first = load_site_data(symbols_data, cache=cache).datasets[NAME].rows
    # The table with symbols is remembered like every other: its rows are then made from its cells.
    resources = yaml.safe_load((symbols_data / "datapackage.yaml").read_text(encoding="utf-8"))["resources"]
    assert len(Cache(tmp_path / "cache").parse(ENTRY, json.loads)) == len(resources)
    again = load_site_data(symbols_data, cache=cache).datasets[NAME].rows
    assert again == first and repr(again) == repr(first)
    assert repr(first) == repr(load_site_data(symbols_data).datasets[NAME].rows)


def change(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


WHERE = f'data/datapackage.yaml, resource "{NAME}", "schema"'
ROW_10 = f'data/{CSV_NAME}, row 10, column "{VALUE}"'  # 2021, Coventry: "z"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '        "low": "rounds to zero, but is not zero"\n',
            "",
            [
                f'{WHERE}, "symbols": gives no meaning for "low", which "missingValues" declares (expected each '
                'symbol\'s meaning in words, such as "low": "a figure that rounds to zero but is not zero")'
            ],
            id="a symbol without its meaning",
        ),
        pytest.param(
            '"z": "not applicable"',
            '"z": "not applicable"\n        "[z]": "not applicable"',
            [
                f'{WHERE}, "symbols": gives a meaning for "[z]", which "missingValues" does not declare '
                '(expected each symbol in both: listed in "missingValues", its meaning under "symbols"); '
                'did you mean "z"?'
            ],
            id="a meaning for a symbol not declared",
        ),
        pytest.param(
            '":", ".."]',
            '":", "..", "0"]',
            [
                f'{WHERE}, "missingValues": "0" cannot be a symbol: it is also a number, so the figure would '
                'be read as the symbol (expected a short mark of at most 10 characters, such as "x", "c", "z", '
                '"low" or "..")',
            ],
            id="a symbol that is also a number",
        ),
        pytest.param(
            'missingValues: ["", "x",',
            'missingValues: ["x",',
            [
                f'{WHERE}, "missingValues": leaves out "", so an empty cell would no longer be read as empty '
                '(expected "" first in the list, then the symbols, such as ["", "x", "c"])'
            ],
            id="the empty cell left out",
        ),
        pytest.param(
            '"x": "not available"',
            '"x": ""',
            [f'{WHERE}, "symbols", "x": is empty (expected its meaning in words, e.g. "not available")'],
            id="an empty meaning",
        ),
        pytest.param(
            "      symbols:\n",
            "      symbol:\n",
            [
                f'{WHERE}: has the key "symbol"; did you mean "symbols"?',
            ],
            id="a misspelt key",
        ),
    ],
)
def test_a_wrong_declaration_is_named_with_its_fix(symbols_data, old, new, expected):
    change(symbols_data / "datapackage.yaml", old, new)
    found = load_problems(symbols_data)
    assert found[: len(expected)] == expected


def test_a_misspelt_key_leaves_every_symbol_without_its_meaning(symbols_data):
    change(symbols_data / "datapackage.yaml", "      symbols:\n", "      symbol:\n")
    found = load_problems(symbols_data)
    assert len(found) == 1 + len(MEANINGS)
    assert all('gives no meaning for "' in problem for problem in found[1:])


def test_meanings_beside_the_schema_are_refused(symbols_data):
    schema = "    schema:\n      missingValues"
    change(symbols_data / "datapackage.yaml", schema, "    symbols: {}\n" + schema)
    assert load_problems(symbols_data) == [
        f'data/datapackage.yaml, resource "{NAME}", "symbols": is beside the "schema", not in it (expected the '
        'meanings under "schema", next to "missingValues")'
    ]


def test_an_undeclared_symbol_names_file_row_and_column_and_how_to_declare_it(symbols_data):
    change(symbols_data / "datapackage.yaml", '"z", ', "")
    change(symbols_data / "datapackage.yaml", '        "z": "not applicable"\n', "")
    declared = '"x", "c", "u", "low", ":", ".."'
    assert load_problems(symbols_data) == [
        f'{ROW_10}: "z" is not a number (expected a number such as 12.5, written without commas, units or %, '
        f'>= 0, or one of the symbols {declared} the schema declares; to publish "z" as an official statistics '
        'symbol, add it to the schema\'s "missingValues" in datapackage.yaml and give its meaning under '
        '"symbols"); in official statistics "z" usually means "not applicable"'
    ]


def test_a_symbol_written_unlike_its_declaration_is_guessed(symbols_data):
    change(symbols_data / CSV_NAME, "2021,Coventry,E08000026,z,", "2021,Coventry,E08000026,[Z],")
    [problem] = load_problems(symbols_data)
    assert problem.startswith(f'{ROW_10}: "[Z]" is not a number (expected a number such as 12.5')
    assert problem.endswith('did you mean "z"?')


def test_an_empty_figure_is_still_empty_and_the_symbols_are_offered(symbols_data):
    change(symbols_data / CSV_NAME, "2021,Coventry,E08000026,z,", "2021,Coventry,E08000026,,")
    assert load_problems(symbols_data) == [
        f"{ROW_10}: is empty (expected a number such as 12.5, written without commas, units or %, >= 0, or one "
        'of the symbols "x", "c", "z", "u", "low", ":", ".." the schema declares)'
    ]


LINE_10 = "2021,Coventry,E08000026,z,dfe-children-social-work-workforce"


@pytest.mark.parametrize(
    ("new", "column", "cell", "role"),
    [
        (LINE_10.replace("Coventry", "x"), "area", "x", "a key column, naming its row"),
        (LINE_10.replace(",dfe-children-social-work-workforce", ",c"), "publication", "c", "a text column"),
    ],
)
def test_a_symbol_is_only_for_figures(symbols_data, new, column, cell, role):
    change(symbols_data / CSV_NAME, LINE_10, new)
    assert load_problems(symbols_data) == [
        f'data/{CSV_NAME}, row 10, column "{column}": "{cell}" is a symbol declared in "missingValues", but this '
        f"is {role} (expected symbols only in figures (number columns that are not part of the key or the "
        "period); write the text in full)"
    ]


# --- the figures' other uses, without a build -------------------------------------------------------------


def test_a_symbol_agrees_only_with_the_same_symbol():
    x = Missing("x", "not available")
    assert same_figure(x, Missing("x", "not given"))
    assert not same_figure(x, Missing("c", "confidential"))
    assert not same_figure(x, Decimal(0)) and not same_figure(Decimal(0), x)
    assert same_figure(Decimal("40.0"), Decimal("40"))


def test_format_figure_gives_the_symbol_alone_never_with_a_unit():
    assert format_figure(Missing("c", "confidential"), Field("p", "P", "number", unit="percent")) == "c"
    assert str(Missing("low", "rounds to zero")) == "low"


def test_a_change_against_a_symbol_is_not_comparable():
    def publication(pid: str, year: int) -> Publication:
        period = Period(start=date(year, 1, 1), end=date(year, 12, 31), label=str(year))
        return Publication(pid, "audit", pid, "Council", period, "", "", short_title=pid)

    publications = {"a": publication("a", 2020), "b": publication("b", 2021), "c": publication("c", 2022)}
    fields = (
        Field("service", "Service", "string"),
        Field("publication_title", "Publication", "string"),
        Field("publication", "Audit", "string"),
        Field("team", "Team", "string"),
        Field("caseload", "Caseload", "number"),
    )
    rows = tuple(
        {"service": "S", "publication_title": p, "publication": p, "team": "T", "caseload": v}
        for p, v in (("a", Decimal("10")), ("b", Missing("c", "confidential")), ("c", Decimal("12")))
    )
    compared = Dataset("cmp", "C", "", "x", fields, ("service", "publication"), rows, (1, 2, 3))
    comparison = Comparison("cmp", "d", "m", "service", "caseload")
    [in_b] = changes(compared, comparison, publications, "b")
    assert (in_b.before, in_b.now, in_b.difference, in_b.direction, in_b.change) == (
        "10",
        "c (confidential)",
        "",
        "not comparable",
        None,
    )
    [in_c] = changes(compared, comparison, publications, "c")
    assert in_c.direction == "not comparable" and in_c.before == "c (confidential)"


def test_value_shortcode_prints_the_symbol_with_its_meaning(symbols_data):
    data = load_site_data(symbols_data)
    build = SimpleNamespace(data=data, problems=[])
    for expected in csv_rows():
        text = value_text(build, NAME, [expected["year"], expected["area"]], "here")
        cell = expected[VALUE]
        assert text == (f"{cell} ({MEANINGS[cell]})" if is_symbol(cell) else cell)
    assert build.problems == []


def test_sorted_bars_put_the_labels_given_as_symbols_last(symbols_data):
    data = load_site_data(symbols_data)
    chart = data.charts[BAR]
    rows = data.rows_of(chart)
    expected = [r for r in csv_rows() if r["year"] == CHARTS[BAR]["filter"]["year"]]
    numbers = sorted((r for r in expected if not is_symbol(r[VALUE])), key=lambda r: -Decimal(r[VALUE]))
    symbols = [r for r in expected if is_symbol(r[VALUE])]
    assert [r["area"] for r in ordered(chart, rows)] == [r["area"] for r in numbers + symbols]
    assert [v["area"] for v in chart_data(chart, data.datasets[NAME], rows)] == [r["area"] for r in numbers]


# --- the built site ---------------------------------------------------------------------------------------


def build_symbols_site(output: Path) -> None:
    """A copy of the project with the fixture added, built into `output`."""
    project = copy_project(output.parent / "symbols-project")
    add_fixture(project / "data")
    result = run_pelican(output, "pelicanconf.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def site() -> Path:
    """The fixture's site, built once per test run (tests/browser/test_symbol_pages.py opens it too)."""
    return built_once("symbols-site", build_symbols_site)


def figure_of(site: Path, chart_id: str):
    return page(site, urls.save_as(urls.chart_page(chart_id))).find("figure", class_="chart-figure")


def visible(cell) -> str:
    """A cell's text as seen: without what is only read out by screen readers."""
    for hidden in cell.select(".visually-hidden"):
        hidden.extract()
    return cell.get_text()


@pytest.mark.parametrize("chart_id", [LINE, BAR, TABLE])
def test_each_table_cell_is_the_figure_or_the_symbol_with_its_meaning(site, chart_id):
    declared = CHARTS[chart_id]
    wanted = [r for r in csv_rows() if all(r[k] == str(v) for k, v in (declared.get("filter") or {}).items())]
    figure = figure_of(site, chart_id)
    cells = {}
    for tr in figure.select("table.figure-table tbody tr"):
        label = tr.th.get_text()
        series = tr.find_all("td")[0].get_text() if declared.get("series") else None
        cells[label, series] = tr.find_all("td")[-1]
    assert len(cells) == len(wanted)
    for row in wanted:
        cell = cells[row[declared["label"]], row[declared["series"]] if declared.get("series") else None]
        hidden = cell.select_one(".visually-hidden")
        if is_symbol(row[VALUE]):
            assert hidden.get_text() == f" ({MEANINGS[row[VALUE]]})"
        else:
            assert hidden is None
        assert visible(cell) == row[VALUE]  # never 0, never empty, never a "%"
    # The key under the table: each symbol the table holds, once, with its meaning, in the schema's order.
    held = {row[VALUE] for row in wanted if is_symbol(row[VALUE])}
    key = [(div.dt.get_text(), div.dd.get_text()) for div in figure.select(".figure-symbols dl div")]
    assert key == [(s, m) for s, m in MEANINGS.items() if s in held]


def test_a_table_without_symbols_has_no_key(site):
    figure = figure_of(site, "caseload-by-role-2024-25")
    assert figure.select(".figure-symbols, .visually-hidden") == []


@pytest.mark.parametrize("chart_id", [LINE, BAR])
def test_the_chart_draws_every_figure_and_no_symbol(site, chart_id):
    declared = CHARTS[chart_id]
    wanted = [r for r in csv_rows() if all(r[k] == str(v) for k, v in (declared.get("filter") or {}).items())]
    spec = json.loads((site / urls.chart_file(chart_id, "vl.json")).read_text(encoding="utf-8"))
    values = spec_values(spec)
    drawn = sorted(
        (str(v[declared["label"]]), v.get(declared.get("series", ""), ""), v["figure_as_published"], v[VALUE])
        for v in values
    )
    expected = sorted(
        (r[declared["label"]], r.get(declared.get("series", ""), ""), r[VALUE], float(r[VALUE]))
        for r in wanted
        if not is_symbol(r[VALUE])
    )
    assert drawn == expected
    assert not any(is_symbol(str(v.get("figure_as_published"))) for v in values)


def spec_values(spec: dict) -> list[dict]:
    """The chart's data values in the download's spec (the artwork nests the chart in layers)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            values = node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            if values and "figure_as_published" in values[0]:
                found.extend(values)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def test_the_line_is_broken_where_a_figure_is_left_out(site):
    spec = json.loads((site / urls.chart_file(LINE, "page.vl.json")).read_text(encoding="utf-8"))
    values = spec_values(spec)
    parts: dict = {}
    # Expected: each area's rows, in order, start a new part after each symbol.
    for area in dict.fromkeys(r["area"] for r in csv_rows()):
        part = 0
        for row in (r for r in csv_rows() if r["area"] == area):
            if is_symbol(row[VALUE]):
                part += 1
            else:
                parts[area, int(row["year"])] = part
    assert {(v["area"], v["year"]): v["line_part"] for v in values} == parts
    assert '"detail"' in json.dumps(spec) and "line_part" in json.dumps(spec["layer"][0]["encoding"])


@pytest.mark.parametrize("chart_id", [LINE, BAR])
def test_the_description_counts_and_names_each_figure_left_out(site, chart_id):
    declared = CHARTS[chart_id]
    wanted = [r for r in csv_rows() if all(r[k] == str(v) for k, v in (declared.get("filter") or {}).items())]
    left_out = [r for r in wanted if is_symbol(r[VALUE])]
    description = figure_of(site, chart_id).select_one(".figure-description").get_text()
    count = len(left_out)
    which = "1 figure shown as a symbol" if count == 1 else f"{count} figures shown as symbols"
    assert f"The chart leaves out {which} in the table: " in description
    for row in left_out:
        name = f"{row['area']} {row['year']}" if declared.get("series") else row["area"]
        said = f"“{re.escape(row[VALUE])}” \\({re.escape(MEANINGS[row[VALUE]])}\\) for [^;]*{name}"
        assert re.search(said, description)
    shown_count = len({r[declared["label"]] for r in wanted if not is_symbol(r[VALUE])})
    assert f" for {shown_count} " in description


def test_the_csv_downloads_keep_each_symbol_as_written(site):
    with (FIXTURE / CSV_NAME).open(encoding="utf-8", newline="") as file:
        source = list(csv.reader(file))
    dataset_csv = (site / urls.dataset_csv(NAME)).read_text(encoding="utf-8-sig")
    assert list(csv.reader(dataset_csv.splitlines())) == source
    chart_csv = (site / urls.chart_file(BAR, "csv")).read_text(encoding="utf-8-sig")
    year = CHARTS[BAR]["filter"]["year"]
    assert list(csv.reader(chart_csv.splitlines())) == [source[0]] + [r for r in source[1:] if r[0] == year]


def test_the_json_download_gives_null_with_the_symbol_and_its_meaning(site):
    document = json.loads((site / urls.dataset_json(NAME)).read_text(encoding="utf-8"))
    assert document["symbols"] == MEANINGS
    assert [f["name"] for f in document["fields"] if f.get("area_code")] == ["area_code"]
    for row, expected in zip(document["rows"], csv_rows(), strict=True):
        cell = expected[VALUE]
        if is_symbol(cell):
            assert row[VALUE] is None
            assert row["_symbols"] == {VALUE: {"symbol": cell, "meaning": MEANINGS[cell]}}
        else:
            assert row[VALUE] == float(cell) and "_symbols" not in row
        assert row["area_code"] == expected["area_code"]


def test_the_published_data_package_keeps_the_symbols_and_frictionless_reads_them(site):
    import frictionless

    package = json.loads((site / urls.data_package()).read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == NAME]
    assert resource["schema"]["missingValues"] == declaration()["schema"]["missingValues"]
    assert resource["schema"]["symbols"] == MEANINGS
    # A journalist's frictionless reads the published CSV with the published schema: symbols as missing.
    read = frictionless.Resource(
        path=str(site / urls.dataset_csv(NAME)),
        schema=frictionless.Schema.from_descriptor(
            {k: v for k, v in resource["schema"].items() if k != "symbols"}
        ),
        encoding="utf-8-sig",
    )
    with read:
        values = [row[VALUE] for row in read.row_stream]
    assert values == [None if is_symbol(r[VALUE]) else Decimal(r[VALUE]) for r in csv_rows()]


def test_the_dataset_page_lists_the_symbols_and_the_places_with_their_codes(site):
    html = page(site, urls.save_as(urls.dataset_page(NAME)))
    facts = html.find("h2", id="symbols").find_next("dl")
    assert [(dt.get_text(), dd.get_text()) for dt, dd in zip(facts("dt"), facts("dd"), strict=True)] == list(
        MEANINGS.items()
    )
    document = json.loads(html.find("script", type="application/ld+json").string)
    codes = dict.fromkeys((r["area"], r["area_code"]) for r in csv_rows())
    assert document["spatialCoverage"] == [
        {
            "@type": "Place",
            "name": name,
            "identifier": code,
            "sameAs": f"http://statistics.data.gov.uk/id/statistical-geography/{code}",
        }
        for name, code in codes
    ]


def test_the_downloaded_image_says_which_figures_it_leaves_out(site):
    spec = json.loads((site / urls.chart_file(BAR, "vl.json")).read_text(encoding="utf-8"))
    year = CHARTS[BAR]["filter"]["year"]
    [row] = [r for r in csv_rows() if r["year"] == year and is_symbol(r[VALUE])]
    assert spec["usermeta"]["notes"] == [
        f"The chart leaves out 1 figure shown as a symbol in the data: “{row[VALUE]}” "
        f"({MEANINGS[row[VALUE]]}) for {row['area']}."
    ]


def test_the_embed_says_which_figures_it_leaves_out(site):
    year = CHARTS[BAR]["filter"]["year"]
    [row] = [r for r in csv_rows() if r["year"] == year and is_symbol(r[VALUE])]
    sentence = (
        f"The chart leaves out 1 figure shown as a symbol in the data: “{row[VALUE]}” "
        f"({MEANINGS[row[VALUE]]}) for {row['area']}."
    )
    embed = page(site, urls.save_as(urls.chart_embed(BAR)))
    assert sentence in [li.get_text(strip=True) for li in embed.select(".embed-notes li")]


def test_a_published_comparison_keeps_the_symbols_of_its_table():
    from plugins.transparency.catalogue import comparison_resource

    schema = {
        "fields": [{"name": "team", "type": "string"}, {"name": "caseload", "type": "number"}],
        "missingValues": ["", "c"],
        "symbols": {"c": "confidential"},
    }
    data = SimpleNamespace(package={"resources": [{"name": "by-team", "schema": schema}]})
    fields = (Field("team", "Team", "string"), Field("caseload", "Caseload", "number"))
    compared = Dataset(
        "cmp", "C", "", "m + t", fields, ("team",), (), (), derived_from=("mapping", "by-team")
    )
    published = comparison_resource(data, compared)["schema"]
    assert (published["missingValues"], published["symbols"]) == (["", "c"], {"c": "confidential"})
