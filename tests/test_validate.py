from site_build import problems_after


def test_misspelt_chart_field_suggests_the_column(data_copy):
    assert problems_after(
        data_copy,
        "charts.yaml",
        "label: role\n    value: average_caseload\n",
        "label: role\n    value: average_casload\n",
    ) == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": value names the column "average_casload", which '
        'dataset "adult-caseload-by-role" does not have (expected one of "publication", "role", "average_caseload"); '
        'did you mean "average_caseload"?'
    ]


def test_unknown_dataset_in_chart(data_copy):
    assert problems_after(
        data_copy, "charts.yaml", "dataset: adult-caseload-by-role", "dataset: adult-caseload-by-rol"
    ) == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": uses the dataset "adult-caseload-by-rol", which does '
        'not exist (expected a resource name from data/datapackage.yaml); did you mean "adult-caseload-by-role"?'
    ]


def test_filter_that_leaves_no_rows(data_copy):
    old = "filter: {publication: asc-caseload-audit-2024-25}"
    assert problems_after(
        data_copy, "charts.yaml", old, "filter: {publication: asc-caseload-audit-2025-26}"
    ) == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": its filter (publication = "asc-caseload-audit-2025-26") '
        "matches no rows of data/adult-caseload-by-role.csv"
    ]


def test_unknown_chart_kind(data_copy):
    assert problems_after(data_copy, "charts.yaml", "    kind: bar", "    kind: pie") == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": has the kind "pie" (expected bar, line, dots or table)'
    ]


def test_duplicate_chart_id(data_copy):
    old = "id: caseload-by-team-2024-25"
    assert problems_after(data_copy, "charts.yaml", old, "id: caseload-by-role-2024-25") == [
        'data/charts.yaml, chart "caseload-by-role-2024-25": repeats the chart id "caseload-by-role-2024-25" '
        "(expected each chart id once)"
    ]


def test_row_naming_an_unknown_publication(data_copy):
    old = "asc-caseload-audit-2024-25,Social worker,18.4"
    assert problems_after(
        data_copy, "adult-caseload-by-role.csv", old, "asc-caseload-audit-2042-25,Social worker,18.4"
    ) == [
        'data/adult-caseload-by-role.csv, row 2, column "publication": "asc-caseload-audit-2042-25" is not a known '
        'publication (expected an id from data/publications.yaml); did you mean "asc-caseload-audit-2024-25"?'
    ]
