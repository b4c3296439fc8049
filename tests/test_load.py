import pytest
from site_build import replace_in

from plugins.transparency import load
from plugins.transparency.cache import Cache
from plugins.transparency.errors import DataError
from plugins.transparency.load import load_site_data


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_site_data(data_dir)
    return [str(problem) for problem in raised.value.problems]


def test_real_data_loads_with_figures_as_written(site_data):
    roles = site_data.datasets["adult-caseload-by-role"]
    assert [row["role"] for row in roles.rows] == [
        "Social worker",
        "Community case worker",
        "Occupational therapist",
        "Occupational therapist assistant",
    ]
    # Decimals keep the source's digits: 40.0 stays "40.0" and 17 stays "17".
    assert str(roles.rows[3]["average_caseload"]) == "40.0"
    children = site_data.datasets["children-caseload-per-fte"]
    assert str(children.rows[3]["average_caseload_per_fte"]) == "17"
    assert children.rows[0]["year"] == 2017
    assert roles.row_numbers == (2, 3, 4, 5)


def test_every_audit_team_is_loaded(site_data):
    teams = site_data.datasets["adult-caseload-by-team"].rows
    per_audit = {}
    for row in teams:
        per_audit[row["publication"]] = per_audit.get(row["publication"], 0) + 1
    assert per_audit == {
        "asc-caseload-audit-2024-25": 14,
        "asc-caseload-audit-2023-24": 13,
        "asc-caseload-audit-2019-20": 8,
    }


def test_publications_resolve_named_caveats(site_data):
    audit = site_data.publications["asc-caseload-audit-2019-20"]
    assert audit.caveats[0].startswith("Caution should always be used")
    assert "three months" in audit.caveats[1]
    foi = site_data.publications["foi-485106426"]
    assert foi.published.isoformat() == "2023-03-06"
    assert foi.reuse_terms.startswith("The supply of information")


def test_non_numeric_value_names_file_row_and_column(data_copy):
    csv = data_copy / "adult-caseload-by-role.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("18.4", "n/a"), encoding="utf-8")
    assert problems_of(data_copy) == [
        'data/adult-caseload-by-role.csv, row 2, column "average_caseload": "n/a" is not a number '
        "(expected a number such as 12.5, written without commas, units or %, >= 0)"
    ]


def test_negative_caseload_and_percentage_over_100_are_reported_together(data_copy):
    roles = data_copy / "adult-caseload-by-role.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace("22.2", "-22.2"), encoding="utf-8")
    survey = data_copy / "staff-survey-fair-caseload.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace("2017,43", "2017,143"), encoding="utf-8")
    assert problems_of(data_copy) == [
        'data/adult-caseload-by-role.csv, row 3, column "average_caseload": -22.2 is below the minimum of 0 '
        "(expected a number such as 12.5, written without commas, units or %, >= 0)",
        'data/staff-survey-fair-caseload.csv, row 2, column "percent_fair_and_manageable": 143 is above the '
        "maximum of 100 (expected a number such as 12.5, written without commas, units or %, >= 0 and <= 100)",
    ]


def test_misspelt_column_header_suggests_the_schema_name(data_copy):
    csv = data_copy / "adult-caseload-by-role.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("average_caseload", "avrage_caseload"), encoding="utf-8"
    )
    assert problems_of(data_copy) == [
        'data/adult-caseload-by-role.csv, header row, column "avrage_caseload": is not a column of the schema, '
        'which has "average_caseload" in this position (expected the columns "publication", "role", '
        '"average_caseload"); did you mean "average_caseload"?'
    ]


def test_ragged_row_and_duplicate_key(data_copy):
    csv = data_copy / "adult-caseload-by-role.csv"
    text = csv.read_text(encoding="utf-8")
    text = text.replace(
        "asc-caseload-audit-2024-25,Community case worker,22.2",
        "asc-caseload-audit-2024-25,Social worker,22.2",
    )
    text = text.replace("Occupational therapist,29.7", "Occupational therapist")
    csv.write_text(text, encoding="utf-8")
    assert problems_of(data_copy) == [
        'data/adult-caseload-by-role.csv, row 3: repeats the "publication" and "role" of row 2 '
        '(expected one row per "publication" and "role")',
        'data/adult-caseload-by-role.csv, row 4, column "average_caseload": is missing: the row has fewer '
        "cells than the header (expected one cell per column)",
    ]


def test_broken_yaml_names_line_and_column(data_copy):
    charts = data_copy / "charts.yaml"
    text = charts.read_text(encoding="utf-8")
    charts.write_text(text.replace("    kind: bar", "\tkind: bar", 1), encoding="utf-8")
    line = text[: text.index("    kind: bar")].count("\n") + 1
    [problem] = problems_of(data_copy)
    assert problem.startswith(f"data/charts.yaml, line {line}, column 1")
    assert "is not valid YAML" in problem


def test_unknown_key_in_chart_gets_did_you_mean(data_copy):
    charts = data_copy / "charts.yaml"
    charts.write_text(
        charts.read_text(encoding="utf-8").replace("subtitle:", "subtitel:", 1), encoding="utf-8"
    )
    assert problems_of(data_copy) == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": has an unknown key "subtitel"; '
        'did you mean "subtitle"?',
        'data/charts.yaml, chart "caseload-by-role-2024-25": is missing "subtitle"',
    ]


def test_missing_csv_file(data_copy):
    (data_copy / "children-caseload-per-fte.csv").unlink()
    assert problems_of(data_copy) == [
        'data/children-caseload-per-fte.csv: file not found (expected the table of dataset "children-caseload-per-fte")'
    ]


def test_malformed_date_and_unknown_caveat(data_copy):
    publications = data_copy / "publications.yaml"
    text = publications.read_text(encoding="utf-8")
    text = text.replace("published: 2023-03-06", "published: 06/03/2023")
    text = text.replace("caveats: [foi-footnotes-missing,", "caveats: [foi-footnote-missing,")
    publications.write_text(text, encoding="utf-8")
    assert problems_of(data_copy) == [
        'data/publications.yaml, publication "foi-485106426", "published": "06/03/2023" is not a date '
        "(expected a date written as YYYY-MM-DD)",
        'data/publications.yaml, publication "foi-485106426", "caveats": names the caveat "foi-footnote-missing", '
        "which is not defined (expected a name from the caveats list in publications.yaml); "
        'did you mean "foi-footnotes-missing"?',
    ]


def test_valid_tables_are_remembered_and_a_changed_one_is_checked_again(data_copy, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    first = load_site_data(data_copy, cache)

    def not_again(*args):
        raise AssertionError("validated again")

    with monkeypatch.context() as patch:
        patch.setattr(load, "validate_table", not_again)
        assert load_site_data(data_copy, cache) == first
    roles = data_copy / "adult-caseload-by-role.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace("18.4", "18.4.1"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(data_copy, cache)
    assert '"18.4.1" is not a number' in str(raised.value)


def test_the_warm_preview_gets_unchanged_tables_back_as_the_same_objects(data_copy, tmp_path):
    """load_site_data(read_before=...), as the warm preview loads data/ again after one file changed: every
    table whose file and declaration are unchanged is the Dataset read before (with the digest kept on it);
    the changed one is read again, and a table with a problem is never kept, so it is reported every time."""
    read_before: dict = {}
    cache = Cache(tmp_path / "cache")
    first = load_site_data(data_copy, cache, read_before=read_before)
    again = load_site_data(data_copy, cache, read_before=read_before)
    assert again == first
    # A comparison's table is made afresh from the tables it joins; every table read from a file is kept.
    read = [name for name, dataset in first.datasets.items() if not dataset.derived_from]
    assert read and all(again.datasets[name] is first.datasets[name] for name in read)

    roles = data_copy / "adult-caseload-by-role.csv"
    text = roles.read_text(encoding="utf-8")
    changed_table = next(d.name for d in first.datasets.values() if d.path == roles.name)
    roles.write_text(text.replace("18.4", "18.5", 1), encoding="utf-8")
    changed = load_site_data(data_copy, cache, read_before=read_before)
    assert changed.datasets[changed_table] != first.datasets[changed_table]
    unchanged = [name for name in read if name != changed_table]
    assert unchanged and all(changed.datasets[n] is first.datasets[n] for n in unchanged)

    roles.write_text(text.replace("18.4", "18.4.1", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match=r'"18\.4\.1" is not a number'):
            load_site_data(data_copy, cache, read_before=read_before)
    assert all(key[0] != str(roles) for key in read_before)
    roles.write_text(text, encoding="utf-8")  # back as it was: read again, equal to the first load
    assert load_site_data(data_copy, cache, read_before=read_before) == first


def test_a_table_declared_differently_is_read_again(data_copy, tmp_path):
    read_before: dict = {}
    first = load_site_data(data_copy, read_before=read_before)
    package = data_copy / "datapackage.yaml"
    name = next(d.name for d in first.datasets.values() if not d.derived_from)
    old_title = first.datasets[name].title
    replace_in(package, f"title: {old_title}", f"title: {old_title} (retitled)")
    retitled = load_site_data(data_copy, read_before=read_before)
    assert retitled.datasets[name].title == f"{old_title} (retitled)"
