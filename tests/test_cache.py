import copy
import csv
import io
import json
import logging
import os
import pickle
from pathlib import Path

import frictionless
import pytest
import vl_convert
import yaml

from plugins.transparency import yamlfile
from plugins.transparency.cache import Cache, is_png, is_svg, led_by_hash
from plugins.transparency.chartcache import kept_spec, vega_bundle
from plugins.transparency.render import Renderer
from plugins.transparency.tables import ENTRY, ValidatedTables

ROOT = Path(__file__).resolve().parent.parent
SPEC = {
    "data": {"values": [{"team": "A", "cases": 1.5}, {"team": "B", "cases": 3}]},
    "mark": "bar",
    "encoding": {"y": {"field": "team", "type": "nominal"}, "x": {"field": "cases", "type": "quantitative"}},
}
BUNDLE = f"vega-embed-{vl_convert.__version__}"


@pytest.fixture(scope="module")
def images():
    renderer = Renderer()
    return {"svg": renderer.render(SPEC, "svg"), "png": renderer.render(SPEC, "png")}


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.mark.parametrize(
    "fmt, damage",
    [
        ("svg", truncated),
        ("svg", lambda data: b""),
        ("svg", lambda data: data[:-1]),  # the last ">" of </svg>
        ("svg", lambda data: b"<html></html>"),
        ("svg", lambda data: data.replace(b">A<", b">\xff<")),  # not UTF-8
        ("png", truncated),
        ("png", flipped),
        ("png", lambda data: b""),
        ("png", lambda data: data[:-12]),  # no IEND
    ],
)
def test_a_damaged_image_is_drawn_again_and_replaced(tmp_path, images, fmt, damage):
    Renderer(tmp_path).render(SPEC, fmt)
    (path,) = tmp_path.glob(f"*.{fmt}")
    path.write_bytes(damage(path.read_bytes()))
    renderer = Renderer(tmp_path, workers=1)
    assert renderer.render(SPEC, fmt) == images[fmt]
    assert (renderer.rendered, renderer.cached) == ((1, 0) if fmt == "svg" else (1, 1))
    again = Renderer(tmp_path)
    assert again.render(SPEC, fmt) == images[fmt] and again.cached == 1


def test_damaged_images_prepare_found_are_drawn_again_when_asked_for(tmp_path, images):
    Renderer(tmp_path).render(SPEC, "png")
    for path in tmp_path.glob("*.*g"):
        path.write_bytes(truncated(path.read_bytes()))
    renderer = Renderer(tmp_path, workers=2)
    renderer.min_pool_images = 1
    renderer.prepare([SPEC])
    assert renderer.render(SPEC, "svg") == images["svg"] and renderer.render(SPEC, "png") == images["png"]
    assert (renderer.rendered, renderer.cached) == (2, 0)
    again = Renderer(tmp_path)
    assert again.render(SPEC, "png") == images["png"] and (again.rendered, again.cached) == (0, 1)


def test_prepare_only_looks_for_cached_images_and_reads_none(tmp_path, monkeypatch):
    """Most images a build finds are never asked for: their pages are carried over from the last build."""
    Renderer(tmp_path).render(SPEC, "png")
    renderer = Renderer(tmp_path, workers=2)
    monkeypatch.setattr(Cache, "parse", lambda *args: pytest.fail("prepare() read a cached image"))
    renderer.prepare([SPEC])
    assert (renderer.cached, renderer._pending) == (2, {})


@pytest.mark.parametrize("svg_damage", [None, truncated])
def test_the_workers_make_a_missing_png_from_the_cached_svg_or_draw_a_damaged_one_again(
    tmp_path, images, svg_damage
):
    Renderer(tmp_path).render(SPEC, "svg")
    (svg,) = tmp_path.glob("*.svg")
    if svg_damage:
        svg.write_bytes(svg_damage(svg.read_bytes()))
    renderer = Renderer(tmp_path, workers=2)
    renderer.min_pool_images = 1
    renderer.prepare([SPEC])
    assert len(renderer._pending) == 1  # the PNG
    assert renderer.render(SPEC, "png") == images["png"] and renderer.render(SPEC, "svg") == images["svg"]
    assert (renderer.rendered, renderer.cached) == ((1, 1) if svg_damage is None else (2, 0))


def test_checks_accept_what_vl_convert_makes(images):
    assert is_svg(images["svg"].encode()) and is_png(images["png"])
    assert not is_png(images["png"] + b"\0") and not is_svg(b"<svg")


@pytest.mark.parametrize("damage", [truncated, flipped, lambda data: data + b"alert(1)"])
def test_a_damaged_vega_bundle_is_bundled_again(tmp_path, damage):
    bundle = vega_bundle(Cache(tmp_path))
    path = tmp_path / f"{BUNDLE}.js"
    path.write_bytes(damage(bundle))
    assert vega_bundle(Cache(tmp_path)) == bundle
    assert path.read_bytes() == bundle


@pytest.mark.parametrize("content", [b"", b"0" * 64, b"not a hash"])
def test_a_damaged_or_missing_bundle_hash_means_bundling_again(tmp_path, monkeypatch, content):
    bundle = vega_bundle(Cache(tmp_path))
    (tmp_path / f"{BUNDLE}.sha256").write_bytes(content)
    bundled = []
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: bundled.append(1) or bundle.decode())
    assert vega_bundle(Cache(tmp_path)) == bundle and bundled == [1]


@pytest.mark.parametrize("content", [b"", b'{"mark": "ba', b"[1, 2]", b"\xff\xfe", b"null"])
def test_a_damaged_spec_is_built_again(tmp_path, content):
    assert kept_spec(Cache(tmp_path), "chart A", lambda: SPEC) == SPEC
    (path,) = tmp_path.glob("*.spec.json")
    path.write_bytes(content)
    built = []
    assert kept_spec(Cache(tmp_path), "chart A", lambda: built.append(1) or SPEC) == SPEC and built == [1]
    assert json.loads(path.read_bytes()) == SPEC


def unwritable_folders(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o500)  # stops everyone but root, who runs these tests here
    return [a_file, a_file / "charts", read_only]


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path, images, caplog):
    for folder in unwritable_folders(tmp_path):
        caplog.clear()
        renderer = Renderer(folder, workers=1)
        with caplog.at_level(logging.WARNING):
            assert (
                renderer.render(SPEC, "svg") == images["svg"]
                and renderer.render(SPEC, "png") == images["png"]
            )
            assert kept_spec(renderer.cache, "chart A", lambda: SPEC) == SPEC
            assert vega_bundle(renderer.cache).startswith(b"!function") or vega_bundle(renderer.cache)
        if folder.name != "read-only" or os.geteuid() != 0:
            assert len(caplog.records) == 1  # one warning per build, not one per file
            assert "the next build makes them again" in caplog.records[0].getMessage()


def test_a_full_disk_leaves_no_half_written_file(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    cache = Cache(tmp_path)
    cache.write("a.svg", b"<svg/>")
    assert list(tmp_path.iterdir()) == [] and cache.read("a.svg") is None


# --- validated tables --------------------------------------------------------------------------------------


def real_tables() -> list[tuple[dict, list[list[str]], list[int]]]:
    """Every table of data/ with its schema, cells and line numbers, read as load.py reads them."""
    package = yaml.safe_load((ROOT / "data" / "datapackage.yaml").read_text())
    tables = []
    for resource in package["resources"]:
        text = (ROOT / "data" / resource["path"]).read_text(encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        cells, lines, last_line = [], [], 0
        for row in reader:
            row = [cell.strip() for cell in row]
            if any(row):
                cells.append(row)
                lines.append(last_line + 1)
            last_line = reader.line_num
        tables.append((resource["schema"], cells, lines))
    return tables


def frictionless_rows(schema: dict, cells: list[list[str]], lines: list[int]) -> tuple:
    """What frictionless reads from a valid table, as load.py's validate_table returns it."""
    key = schema.get("primaryKey") or []
    descriptor = copy.deepcopy(dict(schema, primaryKey=[key] if isinstance(key, str) else list(key)))
    resource = frictionless.Resource(data=cells, schema=frictionless.Schema.from_descriptor(descriptor))
    with resource:
        read = [(row.to_dict(), row.errors, row.row_number) for row in resource.row_stream]
    assert not any(errors for _, errors, _ in read)
    return tuple(row for row, _, _ in read), tuple(lines[number - 1] for _, _, number in read)


TABLES = real_tables()


def remember_all(folder: Path) -> None:
    tables = ValidatedTables(Cache(folder))
    for schema, cells, lines in TABLES:
        assert tables.rows(schema, cells, lines) is None
        tables.remember(schema, cells, lines, frictionless_rows(schema, cells, lines))
    tables.save()


def test_every_real_table_read_from_the_cache_has_frictionless_rows_values_and_types(tmp_path):
    remember_all(tmp_path)
    tables = ValidatedTables(Cache(tmp_path))
    assert len(tables.known) == len(TABLES)
    for schema, cells, lines in TABLES:
        expected = frictionless_rows(schema, cells, lines)
        found = tables.rows(schema, cells, lines)
        assert found == expected
        assert repr(found) == repr(expected)  # the same types: Decimal("40.0") is not 40 nor Decimal("40")


def test_a_changed_table_is_validated_again(tmp_path):
    remember_all(tmp_path)
    schema, cells, lines = TABLES[0]
    changed = [cells[0], [cells[1][0], *cells[1][1:-1], cells[1][-1] + "0"], *cells[2:]]
    assert ValidatedTables(Cache(tmp_path)).rows(schema, changed, lines) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage \x00\xff",
        b'{"keys": []}',
        b'["not a key"]',
        pickle.dumps({"a": ("rows", "lines")}),
    ],
)
def test_a_damaged_tables_entry_means_validating_again(tmp_path, content):
    remember_all(tmp_path)
    (tmp_path / ENTRY).write_bytes(content)
    tables = ValidatedTables(Cache(tmp_path))
    assert all(tables.rows(*table) is None for table in TABLES)


class Exploit:
    def __reduce__(self):
        return (Path.touch, (Path("unpickled"),))


def test_a_pickle_in_the_cache_is_never_unpickled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ENTRY).write_bytes(pickle.dumps(Exploit()))
    (tmp_path / "tables.pickle").write_bytes(pickle.dumps(Exploit()))
    tables = ValidatedTables(Cache(tmp_path))
    assert tables.rows(*TABLES[0]) is None and not (tmp_path / "unpickled").exists()


def test_an_edited_entry_naming_a_table_frictionless_rejects_cannot_pass_it(tmp_path):
    schema, cells, lines = next(
        table for table in TABLES if any(f["type"] == "number" for f in table[0]["fields"])
    )
    column = next(i for i, f in enumerate(schema["fields"]) if f["type"] == "number")
    wrong = [cells[0], [*cells[1][:column], "n/a", *cells[1][column + 1 :]], *cells[2:]]
    (tmp_path / ENTRY).write_text(json.dumps([ValidatedTables.key(schema, wrong, lines)]))
    assert ValidatedTables(Cache(tmp_path)).rows(schema, wrong, lines) is None


def test_an_edited_entry_cannot_change_a_figure(tmp_path):
    # Only keys are kept: whatever keys the entry names, the rows come from the table's own cells.
    remember_all(tmp_path)
    keys = json.loads((tmp_path / ENTRY).read_text())
    (tmp_path / ENTRY).write_text(json.dumps(keys + ["0" * 64]))
    tables = ValidatedTables(Cache(tmp_path))
    for schema, cells, lines in TABLES:
        assert tables.rows(schema, cells, lines) == frictionless_rows(schema, cells, lines)


def test_a_type_the_conversion_does_not_handle_is_never_remembered(tmp_path):
    schema = {"fields": [{"name": "flag", "type": "boolean"}]}
    cells, lines = [["flag"], ["true"]], [1, 2]
    tables = ValidatedTables(Cache(tmp_path))
    tables.remember(schema, cells, lines, frictionless_rows(schema, cells, lines))
    tables.save()
    assert ValidatedTables(Cache(tmp_path)).rows(schema, cells, lines) is None


@pytest.mark.parametrize(
    "schema, row",
    [
        ({"fields": [{"name": "n", "type": "number", "bareNumber": False}, {"name": "s"}]}, ["5%", "a"]),
    ],
)
def test_options_that_change_the_rows_are_never_remembered(tmp_path, schema, row):
    cells, lines = [["n", "s"], row], [1, 2]
    tables = ValidatedTables(Cache(tmp_path))
    tables.remember(schema, cells, lines, frictionless_rows(schema, cells, lines))
    assert tables.used == set()


@pytest.mark.parametrize(
    "missing, row",
    [
        (["", "-"], ["5", "-"]),  # a text read as missing
        (["", "x", "c"], ["x", "a"]),  # an official statistics symbol where a figure belongs (symbols.py)
        (["-"], ["5", ""]),  # an empty text that is not missing stays empty text
    ],
)
def test_missing_values_are_remembered_as_frictionless_reads_them(tmp_path, missing, row):
    # The conversion reads the schema's missingValues as None, as frictionless does (symbols.py then marks the
    # declared symbols in both alike); a table is remembered only if the two give the very same rows.
    schema = {"fields": [{"name": "n", "type": "integer"}, {"name": "s"}], "missingValues": missing}
    cells, lines = [["n", "s"], row], [1, 2]
    read = frictionless_rows(schema, cells, lines)
    tables = ValidatedTables(Cache(tmp_path))
    tables.remember(schema, cells, lines, read)
    tables.save()
    again = ValidatedTables(Cache(tmp_path)).rows(schema, cells, lines)
    assert again == read and repr(again) == repr(read)


def test_only_this_builds_tables_are_kept_and_an_unchanged_entry_is_not_rewritten(tmp_path):
    remember_all(tmp_path)
    entry = tmp_path / ENTRY
    os.utime(entry, (0, 0))
    tables = ValidatedTables(Cache(tmp_path))
    assert all(tables.rows(*table) for table in TABLES)
    tables.save()
    assert entry.stat().st_mtime == 0
    tables = ValidatedTables(Cache(tmp_path))
    assert tables.rows(*TABLES[0])
    tables.save()
    assert len(json.loads(entry.read_text())) == 1


def test_tables_with_an_unwritable_cache_are_validated_each_time(tmp_path):
    (tmp_path / "a-file").write_text("")
    tables = ValidatedTables(Cache(tmp_path / "a-file"))
    schema, cells, lines = TABLES[0]
    tables.remember(schema, cells, lines, frictionless_rows(schema, cells, lines))
    tables.save()
    assert ValidatedTables(Cache(tmp_path / "a-file")).rows(schema, cells, lines) is None
    assert ValidatedTables(None).rows(schema, cells, lines) is None


# --- YAML documents kept by the bytes of their file -----------------------------------------------


def read_with(path: Path, cache: Cache) -> tuple[object, list]:
    problems = []
    return yamlfile.read_yaml(path, problems, cache), problems


def parsing_refused(monkeypatch) -> None:
    """From here, any parse of YAML fails the test: what is read must come from the cache."""

    def refused(*args, **kwargs):
        raise AssertionError("parsed YAML that the cache should have given")

    monkeypatch.setattr(yamlfile.yaml, "parse", refused)
    monkeypatch.setattr(yamlfile.yaml, "load", refused)


@pytest.mark.parametrize("name", ["charts.yaml", "datapackage.yaml", "publications.yaml", "page-sets.yaml"])
def test_a_yaml_file_unchanged_is_taken_from_the_cache_as_the_same_document(tmp_path, monkeypatch, name):
    path = ROOT / "data" / name
    cache = Cache(tmp_path / "cache")
    first, problems = read_with(path, cache)
    assert problems == [] and first == yaml.load(path.read_text("utf-8"), Loader=yamlfile.DataYamlLoader)
    parsing_refused(monkeypatch)
    assert read_with(path, cache) == (first, [])


def test_a_changed_yaml_file_is_parsed_and_checked_again(tmp_path):
    path, cache = tmp_path / "charts.yaml", Cache(tmp_path / "cache")
    path.write_text("charts:\n  - id: a\n    title: One\n", encoding="utf-8")
    read_with(path, cache)
    path.write_text("charts:\n  - id: a\n    title: Two\n    title: Three\n", encoding="utf-8")
    document, problems = read_with(path, cache)
    assert document is None and [p.what for p in problems] == ['repeats the key "title"']


def test_a_yaml_file_with_a_problem_is_never_kept_so_the_problem_is_said_every_time(tmp_path):
    path, cache = tmp_path / "charts.yaml", Cache(tmp_path / "cache")
    path.write_text("charts:\n  - id: a\n    title: Bad\u202eturn\n", encoding="utf-8")
    for _ in range(2):
        document, problems = read_with(path, cache)
        assert document is None and len(problems) == 1 and "line 3" in problems[0].where
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


@pytest.mark.parametrize("damage", [truncated, flipped, lambda data: b""])
def test_a_damaged_yaml_entry_is_parsed_again_and_replaced(tmp_path, damage):
    path, cache = tmp_path / "charts.yaml", Cache(tmp_path / "cache")
    path.write_text("charts:\n  - id: a\n    title: One\n", encoding="utf-8")
    read_with(path, cache)
    (entry,) = (tmp_path / "cache").iterdir()
    kept = entry.read_bytes()
    entry.write_bytes(damage(kept))
    assert read_with(path, cache) == ({"charts": [{"id": "a", "title": "One"}]}, [])
    assert entry.read_bytes() == kept


def test_a_yaml_document_json_cannot_give_back_exactly_is_read_but_never_kept(tmp_path):
    path, cache = tmp_path / "charts.yaml", Cache(tmp_path / "cache")
    path.write_text("figures:\n  2024: 1.5\n  true: .nan\n", encoding="utf-8")
    document, problems = read_with(path, cache)
    assert problems == [] and list(document["figures"]) == [2024, True]
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


def test_a_yaml_entry_with_a_right_hash_but_no_json_is_parsed_again(tmp_path):
    path, cache = tmp_path / "charts.yaml", Cache(tmp_path / "cache")
    path.write_text("charts:\n  - id: a\n    title: One\n", encoding="utf-8")
    read_with(path, cache)
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_bytes(led_by_hash('{"charts": [{"id": "a"'))
    assert read_with(path, cache) == ({"charts": [{"id": "a", "title": "One"}]}, [])
