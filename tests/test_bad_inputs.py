"""A corpus of bad inputs: each mistake the web team can make in data/ or content/, and the exact message.

Each case breaks a copy of data/ in one way and asserts the whole message load_site_data raises; a few go
through a real build, which must exit non-zero and leave the last good site untouched. Kinds covered by
test_load.py ("n/a", a negative caseload, a percentage over 100, a misspelt header, a short row, a duplicate
key, a tab in YAML, an unknown key, a missing CSV, "06/03/2023") and test_validate.py (a misspelt chart
value, an unknown dataset, a filter matching nothing, an unknown chart kind, a duplicate chart id, an
unknown publication in a row) are not repeated here.
"""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_build import ROOT, copy_project, run_pelican, snapshot

from plugins.transparency.errors import DataError
from plugins.transparency.load import load_site_data
from plugins.transparency.settings import DECLARED

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

Edit = Callable[[str], str] | tuple[str, str]

# The FOI's adult team figures and their declaration that they equal the 2019/20 audit's.
FOI_AGREEMENT = """\
    agrees_with:
      - dataset: adult-caseload-by-team
        filter: {publication: asc-caseload-audit-2019-20}
        key: [team]
        values: [average_caseload]
    schema:
"""


def edit(path: Path, change: Edit) -> None:
    text = path.read_text(encoding="utf-8")
    if callable(change):
        path.write_text(change(text), encoding="utf-8", newline="")
        return
    old, new = change
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_site_data(data_dir, kinds=DECLARED["TRANSPARENCY_KINDS"].default)
    return [str(problem) for problem in raised.value.problems]


def first_columns(count: int) -> Callable[[str], str]:
    return lambda text: "".join(",".join(line.split(",")[:count]) + "\n" for line in text.splitlines())


CASES = {
    "row with too many cells": (
        "adult-caseload-by-role.csv",
        ("Community case worker,22.2", "Community case worker,22.2,23.0"),
        [
            "data/adult-caseload-by-role.csv, row 3: has more cells than the header (expected one cell per column)"
        ],
    ),
    "missing column": (
        "adult-caseload-by-role.csv",
        first_columns(2),
        [
            'data/adult-caseload-by-role.csv, header row: has no column "average_caseload" '
            '(expected the columns "publication", "role", "average_caseload")'
        ],
    ),
    "column the schema does not have": (
        "staff-survey-fair-caseload.csv",
        lambda text: "".join(line + ",\n" for line in text.splitlines()).replace(",\n", ",notes\n", 1),
        [
            'data/staff-survey-fair-caseload.csv, header row, column "notes": is not a column of the schema '
            '(expected the columns "survey_period", "percent_fair_and_manageable", "publication"; add the column '
            "to the schema in datapackage.yaml or remove it)"
        ],
    ),
    "header cell left blank": (
        "adult-caseload-by-role.csv",
        ("publication,role,", "publication,,"),
        [
            'data/adult-caseload-by-role.csv, header row, column 2: has no name (expected the columns "publication", '
            '"role", "average_caseload")'
        ],
    ),
    "decimal comma": (
        "adult-caseload-by-role.csv",
        ("Occupational therapist,29.7", 'Occupational therapist,"29,7"'),
        [
            'data/adult-caseload-by-role.csv, row 4, column "average_caseload": "29,7" is not a number '
            "(expected a number such as 12.5, written without commas, units or %, >= 0); did you mean 29.7?"
        ],
    ),
    "percent sign": (
        "staff-survey-fair-caseload.csv",
        ("2024/25,65,", "2024/25,65%,"),
        [
            'data/staff-survey-fair-caseload.csv, row 5, column "percent_fair_and_manageable": "65%" is not a '
            "number (expected a number such as 12.5, written without commas, units or %, >= 0 and <= 100); "
            "did you mean 65?"
        ],
    ),
    "thousands separator": (
        "adult-caseload-by-team.csv",
        ("Hospital Team,20.6", 'Hospital Team,"1,020.6"'),
        [
            'data/adult-caseload-by-team.csv, row 29, column "average_caseload": "1,020.6" is not a number '
            "(expected a number such as 12.5, written without commas, units or %, >= 0); did you mean 1020.6?"
        ],
    ),
    "figure left empty": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker,"),
        [
            'data/adult-caseload-by-role.csv, row 2, column "average_caseload": is empty '
            "(expected a number such as 12.5, written without commas, units or %, >= 0)"
        ],
    ),
    "decimal where a whole number belongs": (
        "children-caseload-per-fte.csv",
        ("2018,15.1", "2018.5,15.1"),
        [
            'data/children-caseload-per-fte.csv, row 3, column "year": "2018.5" is not a whole number '
            "(expected a whole number such as 2022, >= 2000 and <= 2100)"
        ],
    ),
    "duplicate key hidden by a trailing space": (
        "staff-survey-fair-caseload.csv",
        ("2019/20,81", "2017 ,81"),
        [
            'data/staff-survey-fair-caseload.csv, row 3: repeats the "survey_period" of row 2 '
            '(expected one row per "survey_period")'
        ],
    ),
    "empty file": (
        "children-caseload-per-fte.csv",
        lambda text: "",
        [
            'data/children-caseload-per-fte.csv: is empty (expected a header row naming the columns "year", '
            '"average_caseload_per_fte", "publication", then the figures)'
        ],
    ),
    "header and no figures": (
        "children-caseload-per-fte.csv",
        lambda text: text.splitlines(keepends=True)[0],
        [
            'data/charts.yaml, chart "children-caseload-per-fte-2017-2022": has no figures to draw: '
            "data/children-caseload-per-fte.csv has no rows"
        ],
    ),
    "empty YAML file": ("charts.yaml", lambda text: "", ["data/charts.yaml: is empty"]),
    "impossible date": (
        "publications.yaml",
        ("end: 2025-07-31", "end: 2025-02-30"),
        [
            'data/publications.yaml, publication "asc-caseload-audit-2024-25", "period.end": "2025-02-30" is not '
            "a day of the calendar (expected a real date, YYYY-MM-DD)"
        ],
    ),
    "period ending before it starts": (
        "publications.yaml",
        ("start: 2024-08-01", "start: 2025-08-01"),
        [
            'data/publications.yaml, publication "asc-caseload-audit-2024-25", "period": starts (2025-08-01) after '
            "it ends (2025-07-31)"
        ],
    ),
    "missing required metadata: publisher": (
        "publications.yaml",
        (
            "    publisher: Coventry City Council\n    reference: null\n    published: null\n",
            "    reference: null\n    published: null\n",
        ),
        ['data/publications.yaml, publication "asc-caseload-audit-2024-25": is missing "publisher"'],
    ),
    "missing required metadata: schema": (
        "datapackage.yaml",
        (FOI_AGREEMENT, FOI_AGREEMENT.replace("    schema:", "    schem:")),
        [
            'data/datapackage.yaml, resource "foi-adult-caseload-by-team": is missing "schema" '
            '(expected a "name", a "path" and a "schema")'
        ],
    ),
    "duplicate publication id": (
        "publications.yaml",
        ("id: asc-caseload-audit-2023-24", "id: asc-caseload-audit-2024-25"),
        [
            'data/publications.yaml, publication "asc-caseload-audit-2024-25": repeats the id '
            '"asc-caseload-audit-2024-25" (expected each id once)'
        ],
    ),
    "unknown field type": (
        "datapackage.yaml",
        (
            "          type: number\n          unit: percent",
            "          type: percent\n          unit: percent",
        ),
        [
            'data/datapackage.yaml, resource "staff-survey-fair-caseload", field "percent_fair_and_manageable": has '
            'the type "percent" (expected a Table Schema type such as "number", "integer", "date", "string"); '
            'valid choices: "any", "array", "boolean", "date", "datetime", "duration", "geojson", '
            '"geopoint", "integer", "list", "number", "object", "string", "time", "year", "yearmonth"'
        ],
    ),
    "primary key naming a missing field": (
        "datapackage.yaml",
        ("primaryKey: [survey_period]", "primaryKey: [survey_priod]"),
        [
            'data/datapackage.yaml, resource "staff-survey-fair-caseload", "primaryKey": names the field '
            '"survey_priod", which the schema does not have (expected one of "survey_period", '
            '"percent_fair_and_manageable", "publication"); did you mean "survey_period"?'
        ],
    ),
    "misspelt column in a chart filter": (
        "charts.yaml",
        (
            "filter: {publication: asc-caseload-audit-2023-24}",
            "filter: {publications: asc-caseload-audit-2023-24}",
        ),
        [
            'data/charts.yaml, chart "caseload-by-team-2023-24": filter names the column "publications", which '
            'dataset "adult-caseload-by-team" does not have (expected one of "publication", "team", '
            '"average_caseload"); did you mean "publication"?'
        ],
    ),
    "misspelt column in a chart label": (
        "charts.yaml",
        ("label: survey_period", "label: survey-period"),
        [
            'data/charts.yaml, chart "staff-survey-fair-caseload": label names the column "survey-period", which '
            'dataset "staff-survey-fair-caseload" does not have (expected one of "survey_period", '
            '"percent_fair_and_manageable", "publication"); did you mean "survey_period"?'
        ],
    ),
    "chart drawing a text column": (
        "charts.yaml",
        ("value: average_caseload_per_fte", "value: publication"),
        [
            'data/charts.yaml, chart "children-caseload-per-fte-2017-2022": value "publication" is not a numeric '
            "column (expected a number or integer column)"
        ],
    ),
    "update without a note": (
        "publications.yaml",
        (
            "    caveats: [case-weighting, three-month-audit]\n",
            "    caveats: [case-weighting, three-month-audit]\n    updates:\n      - date: 2025-10-01\n",
        ),
        [
            'data/publications.yaml, publication "asc-caseload-audit-2019-20", update 1: needs a "date" and a "note" '
            '(expected a list of "- date: YYYY-MM-DD" with "note: what changed")'
        ],
    ),
    "two sources giving the same figure differently": (
        "foi-adult-caseload-by-team.csv",
        ("Occupational Therapy,25.8", "Occupational Therapy,25.9"),
        [
            'data/foi-adult-caseload-by-team.csv, row 3, column "average_caseload": 25.9 differs from 25.8 in '
            'data/adult-caseload-by-team.csv, row 30, the same figure (team = "Occupational Therapy") (expected '
            'the same figure in both, as "agrees_with" of dataset "foi-adult-caseload-by-team" declares); correct '
            "the one that does not match its source document"
        ],
    ),
    "official statistics symbol the schema does not declare": (
        "adult-caseload-by-role.csv",
        ("Occupational therapist,29.7", "Occupational therapist,x"),
        [
            'data/adult-caseload-by-role.csv, row 4, column "average_caseload": "x" is not a number (expected a '
            'number such as 12.5, written without commas, units or %, >= 0; to publish "x" as an official '
            'statistics symbol, add it to the schema\'s "missingValues" in datapackage.yaml and give its meaning '
            'under "symbols"); in official statistics "x" usually means "not available"'
        ],
    ),
    "symbol declared without its meaning": (
        "datapackage.yaml",
        (
            "      primaryKey: [publication, role]",
            '      missingValues: ["", "x"]\n      primaryKey: [publication, role]',
        ),
        [
            'data/datapackage.yaml, resource "adult-caseload-by-role", "schema", "symbols": gives no meaning for '
            '"x", which "missingValues" declares (expected each symbol\'s meaning in words, such as "x": '
            '"not available")'
        ],
    ),
    "agreement naming a missing column": (
        "datapackage.yaml",
        ("values: [average_caseload]\n", "values: [average_casload]\n"),
        [
            'data/datapackage.yaml, resource "foi-adult-caseload-by-team", "agrees_with" 1: values names the column '
            '"average_casload", which dataset "foi-adult-caseload-by-team" does not have (expected one of '
            '"publication", "team", "average_caseload"); did you mean "average_caseload"?',
            'data/datapackage.yaml, resource "foi-adult-caseload-by-team", "agrees_with" 1: values names the column '
            '"average_casload", which dataset "adult-caseload-by-team" does not have (expected one of '
            '"publication", "team", "average_caseload"); did you mean "average_caseload"?',
        ],
    ),
    # Page sets (data/page-sets.yaml); more cases in test_pagesets.py.
    "page set keyed by a misspelt column": (
        "page-sets.yaml",
        ("key: service", "key: servise"),
        [
            'data/page-sets.yaml, page_set "services": key names the column "servise", which dataset '
            '"team-caseload-across-audits" does not have (expected one of "service", "publication_title", '
            '"publication", "team", "average_caseload"); did you mean "service"?'
        ],
    ),
    "page title naming no column": (
        "page-sets.yaml",
        ('page_title: "{service}: average', 'page_title: "{servce}: average'),
        [
            'data/page-sets.yaml, page_set "services", "page_title": has the placeholder "{servce}", which is '
            'not a column with one value on each page (expected one of "{service}"); did you mean "service"?'
        ],
    ),
    "page set in the charts' folder": (
        "page-sets.yaml",
        ("url: services/", "url: charts/"),
        [
            'data/page-sets.yaml, page_set "services", "url": "charts/" cannot hold the set\'s pages (expected '
            "a folder of the site of its own, in lower-case letters, digits and hyphens, ending in /, such as "
            "services/; not one of charts/, datasets/, data/, theme/, pagefind/, publications/, feeds/)"
        ],
    ),
    "page set over a table that does not exist": (
        "page-sets.yaml",
        ("dataset: team-caseload-across-audits", "dataset: team-caseload-acros-audits"),
        [
            'data/page-sets.yaml, page_set "services", "dataset": names the dataset "team-caseload-acros-audits", '
            "which does not exist (expected a resource name from data/datapackage.yaml, or a comparison's id); "
            'did you mean "team-caseload-across-audits"?'
        ],
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_bad_input_gives_its_exact_message(data_copy, kind):
    file_name, change, expected = CASES[kind]
    edit(data_copy / file_name, change)
    assert problems_of(data_copy) == expected


def test_broken_yaml_names_where_the_open_quote_began(data_copy):
    publications = data_copy / "publications.yaml"
    text = publications.read_text(encoding="utf-8")
    title = text.index('title: "Freedom of Information')
    edit(publications, ('social worker caseloads"\n', "social worker caseloads\n"))
    end_line = text.count("\n") + 1
    quote_line = text[:title].count("\n") + 1
    assert problems_of(data_copy) == [
        f"data/publications.yaml, line {end_line}, column 1: is not valid YAML: found unexpected end of stream "
        f"(while scanning a quoted scalar from line {quote_line}, column 12)"
    ]


def test_windows_1252_csv_from_excel_names_the_file_line_and_fix(data_copy):
    csv = data_copy / "adult-caseload-by-team.csv"
    text = csv.read_text(encoding="utf-8").replace("Older people review", "Older people’s review")
    csv.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    first = text[: text.index("’")].count("\n") + 1
    assert problems_of(data_copy) == [
        f'data/adult-caseload-by-team.csv, line {first}: is not UTF-8 text: its byte 0x92 is "’" in Windows-1252, '
        'the encoding Excel uses for plain "CSV" (expected a file saved as UTF-8); in Excel, save it again '
        'choosing "CSV UTF-8 (Comma delimited)" as the type'
    ]


def test_windows_1252_yaml_names_the_line(data_copy):
    publications = data_copy / "publications.yaml"
    text = publications.read_text(encoding="utf-8")
    publications.write_bytes(text.encode("cp1252"))
    first = text[: text.index("’")].count("\n") + 1
    [problem] = problems_of(data_copy)
    assert problem.startswith(
        f'data/publications.yaml, line {first}: is not UTF-8 text: its byte 0x92 is "’"'
    )


def test_every_problem_is_reported_together(data_copy):
    edit(data_copy / "adult-caseload-by-role.csv", ("29.7", '"29,7"'))
    edit(data_copy / "staff-survey-fair-caseload.csv", ("2024/25,65,", "2024/25,65%,"))
    edit(data_copy / "publications.yaml", ("published: 2023-03-06", "published: 2023-13-06"))
    assert [problem.split(": ")[0] for problem in problems_of(data_copy)] == [
        'data/adult-caseload-by-role.csv, row 4, column "average_caseload"',
        'data/staff-survey-fair-caseload.csv, row 5, column "percent_fair_and_manageable"',
        'data/publications.yaml, publication "foi-485106426", "published"',
    ]


def test_malformed_gss_area_code_names_file_row_column_and_form(data_copy):
    # The national table given a column of ONS GSS codes, one of them a digit short.
    edit(
        data_copy / "datapackage.yaml",
        (
            "          constraints: {required: true, enum: [England, Coventry]}\n",
            "          constraints: {required: true, enum: [England, Coventry]}\n"
            "        - name: area_code\n          type: string\n          area_code: true\n",
        ),
    )
    codes = {"England": "E92000001", "Coventry": "E08000026", "area": "area_code"}
    edit(
        data_copy / "children-caseload-per-fte-national.csv",
        lambda text: "".join(
            ",".join([*cells[:2], codes[cells[1]], *cells[2:]]) + "\n"
            for cells in (line.split(",") for line in text.splitlines())
        ).replace("2019,Coventry,E08000026", "2019,Coventry,E0800026"),
    )
    text = (data_copy / "children-caseload-per-fte-national.csv").read_text(encoding="utf-8")
    line = text[: text.index("E0800026,")].count("\n") + 1
    assert problems_of(data_copy) == [
        f'data/children-caseload-per-fte-national.csv, row {line}, column "area_code": "E0800026" is not an area '
        "code (expected an ONS GSS code: a capital letter E, W, S, N or K and 8 digits, such as E08000026 "
        "(Coventry))"
    ]


# --- accepted, not errors -----------------------------------------------------------------------


def rows_of(data_dir: Path, name: str) -> tuple:
    return load_site_data(data_dir).datasets[name].rows


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda text: "\ufeff" + text, id="UTF-8 byte-order mark"),
        pytest.param(
            lambda text: "".join(
                ",".join(f"{cell}  " for cell in line.split(",")) + "\n" for line in text.splitlines()
            ),
            id="spaces after cells and headers",
        ),
        pytest.param(lambda text: "\n" + text.replace("\n", "\n\n", 2) + "\n \n,,\n", id="blank lines"),
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="Windows line endings"),
    ],
)
def test_tidy_differences_are_accepted(data_copy, site_data, change):
    edit(data_copy / "adult-caseload-by-role.csv", change)
    assert rows_of(data_copy, "adult-caseload-by-role") == site_data.datasets["adult-caseload-by-role"].rows


def test_rows_keep_their_line_numbers_past_blank_lines(data_copy):
    edit(data_copy / "adult-caseload-by-role.csv", lambda text: text.replace("\n", "\n\n", 2) + "\n")
    edit(
        data_copy / "adult-caseload-by-role.csv", ("Occupational therapist,29.7", "Occupational therapist,-1")
    )
    assert problems_of(data_copy) == [
        'data/adult-caseload-by-role.csv, row 6, column "average_caseload": -1 is below the minimum of 0 '
        "(expected a number such as 12.5, written without commas, units or %, >= 0)"
    ]


def test_the_same_figure_from_two_sources_may_agree(data_copy):
    # Decimals compare by value: 25.80 in one source agrees with 25.8 in the other.
    edit(
        data_copy / "foi-adult-caseload-by-team.csv",
        ("Occupational Therapy,25.8", "Occupational Therapy,25.80"),
    )
    assert len(rows_of(data_copy, "foi-adult-caseload-by-team")) == 8


# --- through a real build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project with a good build in output/, made once and copied for each case."""
    project = copy_project(
        tmp_path_factory.mktemp("built") / "project", ("content", "data", "theme", "plugins")
    )
    shutil.copy(ROOT / "pelicanconf.py", project)
    assert build(project).returncode == 0
    return project


@pytest.fixture
def project(tmp_path, built_project) -> Path:
    return Path(shutil.copytree(built_project, tmp_path / "project", symlinks=True))


def build(project: Path, *settings: str):
    return run_pelican(project / "output", "pelicanconf.py", *settings, cwd=project)


def move(source: str, target: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / target).parent.mkdir(parents=True, exist_ok=True)
        (project / source).rename(project / target)

    return change


def copy(source: str, target: str) -> Callable[[Path], None]:
    return lambda project: shutil.copy(project / source, project / target)


BUILD_CASES = {
    "unknown publication id in an article": (
        "content/audits/asc-caseload-audit-2023-24.md",
        ("Publication: asc-caseload-audit-2023-24", "Publication: asc-caseload-audit-2023-4"),
        'content/audits/asc-caseload-audit-2023-24.md: names the publication "asc-caseload-audit-2023-4", which '
        'is not in data/publications.yaml; did you mean "asc-caseload-audit-2023-24"?',
    ),
    "unknown chart id in an article": (
        "content/audits/asc-caseload-audit-2023-24.md",
        ("{{ chart caseload-by-team-2023-24 }}", "{{ chart caseload-by-teams-2023-24 }}"),
        'content/audits/asc-caseload-audit-2023-24.md, line {chart_line}: places the chart "caseload-by-teams-2023-24", '
        'which is not declared in data/charts.yaml; did you mean "caseload-by-team-2023-24"?',
    ),
    "decimal comma in a CSV": (
        "data/children-caseload-per-fte.csv",
        ("2021,14.7", '2021,"14,7"'),
        'data/children-caseload-per-fte.csv, row 6, column "average_caseload_per_fte": "14,7" is not a number '
        "(expected a number such as 12.5, written without commas, units or %, >= 0); did you mean 14.7?",
    ),
    "official statistics symbol the schema does not declare": (
        "data/children-caseload-per-fte.csv",
        ("2021,14.7", "2021,c"),
        'data/children-caseload-per-fte.csv, row 6, column "average_caseload_per_fte": "c" is not a number '
        '(expected a number such as 12.5, written without commas, units or %, >= 0; to publish "c" as an '
        'official statistics symbol, add it to the schema\'s "missingValues" in datapackage.yaml and give its '
        'meaning under "symbols"); in official statistics "c" usually means "confidential"',
    ),
    "two articles for one publication": (
        copy(
            "content/audits/asc-caseload-audit-2023-24.md",
            "content/audits/asc-caseload-audit-2023-24-copy.md",
        ),
        None,
        'data/publications.yaml, publication "asc-caseload-audit-2023-24": has 2 articles: '
        "content/audits/asc-caseload-audit-2023-24-copy.md, content/audits/asc-caseload-audit-2023-24.md "
        "(expected one article per publication); delete or merge all but one",
    ),
    "article saved in a folder the site does not read": (
        move("content/audits/asc-caseload-audit-2023-24.md", "content/reports/asc-caseload-audit-2023-24.md"),
        None,
        'data/publications.yaml, publication "asc-caseload-audit-2023-24": has no article (expected a Markdown '
        'file with "Publication: asc-caseload-audit-2023-24" in content/audits/, content/foi/, content/surveys/, '
        'or "article: false" in its entry if the site gives it no page); '
        "content/reports/asc-caseload-audit-2023-24.md is in a folder the site does not read: move it",
    ),
    "audit article in the folder of surveys": (
        move("content/audits/asc-caseload-audit-2023-24.md", "content/surveys/asc-caseload-audit-2023-24.md"),
        None,
        'content/surveys/asc-caseload-audit-2023-24.md: is the article of the audit "asc-caseload-audit-2023-24", '
        "but is not in content/audits/ (expected the articles of each kind of publication in its own folder "
        "(TRANSPARENCY_KINDS)); move it to content/audits/",
    ),
    "misspelt key in TRANSPARENCY_CHART_STYLE": (
        None,
        'TRANSPARENCY_CHART_STYLE={"colour": "#1d4f7a", "font_szie": 14}',
        'TRANSPARENCY_CHART_STYLE: has an unknown key "font_szie"; did you mean "font_size"?',
    ),
    "kind the settings do not declare": (
        None,
        'TRANSPARENCY_KINDS={"audit": {"category": "Audits", "name": "audit", "folder": "audits"}, '
        '"foi-response": {"category": "FOI", "name": "FOI response", "folder": "foi"}}',
        'data/publications.yaml, publication "dfe-children-social-work-workforce", "kind": "official-statistics" '
        'is not a kind of publication the settings declare (expected one of "audit", "foi-response" '
        '(TRANSPARENCY_KINDS)); valid choices: "audit", "foi-response"',
    ),
    "right-to-left override in an article": (
        "content/audits/asc-caseload-audit-2023-24.md",
        ("Summary: ", "Summary: \u202e"),
        "content/audits/asc-caseload-audit-2023-24.md, line 2: contains the invisible character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE), which can change how the text reads (expected plain text); delete it: it "
        "often comes with text pasted from a web page or another program",
    ),
    "chart id climbing out of output/": (
        "data/charts.yaml",
        ("  - id: staff-survey-fair-caseload\n", "  - id: ../../escaped\n"),
        'data/charts.yaml, chart "../../escaped", "id": "../../escaped" cannot be used as an id (expected at most '
        "80 lower-case letters a-z, digits 0-9 and single hyphens between them, such as caseload-2024-25); did "
        'you mean "escaped"?',
    ),
    "alias bomb in charts.yaml": (
        "data/charts.yaml",
        lambda text: text + "\n" + ALIAS_BOMB,
        "data/charts.yaml, line {line}: stands for more than 1,000,000 values once its aliases (*name) are "
        "expanded (expected a file of publications, charts or tables, with few or no aliases)",
    ),
    "vertical tab in a CSV cell": (
        "data/adult-caseload-by-role.csv",
        ("Community case worker", "Community\vcase worker"),
        'data/adult-caseload-by-role.csv, row 3, column "role": contains the control character U+000B (VERTICAL '
        "TAB) (expected plain text); delete it: text pasted from Word or a PDF often brings one; only tabs and "
        "line breaks are allowed",
    ),
}


@pytest.mark.parametrize("kind", BUILD_CASES)
def test_bad_input_stops_the_build_with_its_message_and_no_traceback(project, kind):
    before = snapshot(project / "output")
    target, change, message = BUILD_CASES[kind]
    settings = []
    if callable(target):
        target(project)
    elif target is None:
        settings.append(change)
    else:
        edit(project / target, change)
    if "{chart_line}" in message:
        text = (project / target).read_text(encoding="utf-8")
        message = message.format(chart_line=text[: text.index("{{ chart caseload-by-teams")].count("\n") + 1)
    if "{line}" in message:
        text = (project / target).read_text(encoding="utf-8")
        message = message.format(line=text[: text.index("g: &g")].count("\n") + 1)
    result = build(project, *settings)
    assert result.returncode == 1
    assert f"1 problem found; nothing was published:\n  - {message}\n" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(project / "output") == before
    # Nothing written beside output/ either, nor above the project.
    assert sorted(path.name for path in project.parent.iterdir()) == ["project"]
    assert sorted(path.name for path in project.iterdir()) == [
        ".cache",
        "content",
        "data",
        "output",
        "pelicanconf.py",
        "plugins",
        "theme",
    ]


def test_an_unwritable_cache_costs_only_speed(project, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    result = build(project, f'TRANSPARENCY_CACHE_PATH="{blocker / "charts"}"')
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        (project / "output/charts/staff-survey-fair-caseload/staff-survey-fair-caseload.svg").stat().st_size
    )


def test_team_names_with_markup_characters_are_escaped_in_the_built_page(project):
    name = 'Older People "R&R" <Review> Team'
    edit(
        project / "data/adult-caseload-by-team.csv",
        ("Older people review", '"' + name.replace('"', '""') + '"'),
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "output/publications/asc-caseload-audit-2019-20/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.find("review") is None
    assert name in [th.get_text(strip=True) for th in page.select("figure table th")]
    assert name in [text.get_text() for text in page.select("figure svg text")]


# --- hostile and pasted input (issue 11) -----------------------------------------------------------


def add_rows(rows: list[str]) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"


def chart_entry(text: str, chart_id: str) -> tuple[int, int]:
    """Where one chart's entry in charts.yaml begins and ends."""
    start = text.index(f"  - id: {chart_id}\n", text.index("charts:"))
    end = text.find("\n  - id:", start + 1)
    return start, len(text) if end == -1 else end


def in_chart(chart_id: str, old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        start, end = chart_entry(text, chart_id)
        entry = text[start:end]
        assert old in entry, f"{old!r} not in chart {chart_id}"
        return text[:start] + entry.replace(old, new, 1) + text[end:]

    return change


def nine_times(name: str, item: str) -> str:
    return f"{name}: &{name} [" + ", ".join([item] * 9) + "]\n"


ALIAS_BOMB = "".join(
    nine_times(name, f"*{before}" if before else '"lol"')
    for before, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)
ROLE = "data/adult-caseload-by-role.csv"
PLAIN = "(expected plain text); "
CONTROL = "delete it: text pasted from Word or a PDF often brings one; only tabs and line breaks are allowed"
INVISIBLE = "delete it: it often comes with text pasted from a web page or another program"
SLUG = (
    "(expected at most 80 lower-case letters a-z, digits 0-9 and single hyphens between them, such as "
    "caseload-2024-25)"
)
FIGURE = "(expected a number such as 12.5, written without commas, units or %, >= 0)"

HOSTILE_CASES = {
    "vertical tab pasted from Word into a CSV cell": (
        "adult-caseload-by-role.csv",
        ("Community case worker", "Community\vcase worker"),
        [
            f'{ROLE}, row 3, column "role": contains the control character U+000B (VERTICAL TAB) {PLAIN}{CONTROL}'
        ],
    ),
    "NUL byte in a CSV cell": (
        "adult-caseload-by-role.csv",
        ("Social worker", "Social\x00worker"),
        [f'{ROLE}, row 2, column "role": contains the control character U+0000 (NUL) {PLAIN}{CONTROL}'],
    ),
    "right-to-left override in a name": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker\u202e,18.4"),
        [
            f'{ROLE}, row 2, column "role": contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), '
            f"which can change how the text reads {PLAIN}{INVISIBLE}"
        ],
    ),
    "zero-width space in a key": (
        "adult-caseload-by-role.csv",
        ("asc-caseload-audit-2024-25,Social", "asc-caseload-audit-2024-25\u200b,Social"),
        [
            f'{ROLE}, row 2, column "publication": contains the invisible character U+200B (ZERO WIDTH SPACE), '
            f"which can change how the text reads {PLAIN}{INVISIBLE}"
        ],
    ),
    "control character through a YAML escape": (
        "charts.yaml",
        lambda text: re.sub(
            r"(- id: staff-survey-fair-caseload\n(?:    .*\n)*?)    title: .*\n",
            r'\1    title: "Staff\\vsurvey"\n',
            text,
        ),
        [
            f"data/charts.yaml, line {{line}}: contains the control character U+000B (VERTICAL TAB) {PLAIN}{CONTROL}"
        ],
    ),
    "right-to-left override in YAML": (
        "publications.yaml",
        ("publisher: Department for Education", "publisher: Department for \u202eEducation"),
        [
            "data/publications.yaml, line {line}: contains the invisible character U+202E (RIGHT-TO-LEFT "
            f"OVERRIDE), which can change how the text reads {PLAIN}{INVISIBLE}"
        ],
    ),
    "chart id climbing out of its folder": (
        "charts.yaml",
        ("  - id: staff-survey-fair-caseload\n", "  - id: ../../../tmp/staff-survey\n"),
        [
            'data/charts.yaml, chart "../../../tmp/staff-survey", "id": "../../../tmp/staff-survey" cannot be '
            f'used as an id {SLUG}; did you mean "tmp-staff-survey"?'
        ],
    ),
    "ampersand in a chart id": (
        "charts.yaml",
        ("  - id: staff-survey-fair-caseload\n", "  - id: staff&survey\n"),
        [
            f'data/charts.yaml, chart "staff&survey", "id": "staff&survey" cannot be used as an id {SLUG}; '
            'did you mean "staff-survey"?'
        ],
    ),
    "dataset name climbing out of its folder": (
        "datapackage.yaml",
        ("  - name: staff-survey-fair-caseload\n", "  - name: ../staff-survey\n"),
        [
            'data/datapackage.yaml, resource "../staff-survey", "name": "../staff-survey" cannot be used as an '
            f'id {SLUG}; did you mean "staff-survey"?'
        ],
    ),
    "publication id with markup": (
        "publications.yaml",
        ("  - id: dfe-children-social-work-workforce\n", '  - id: "<b>dfe</b>"\n'),
        [
            f'data/publications.yaml, publication "<b>dfe</b>", "id": "<b>dfe</b>" cannot be used as an id {SLUG}; '
            'did you mean "b-dfe-b"?'
        ],
    ),
    "dataset path outside data/": (
        "datapackage.yaml",
        ("path: staff-survey-fair-caseload.csv", "path: ../pelicanconf.py"),
        [
            "pelicanconf.py: lies outside data (through a link or a path such as ../) (expected a file inside "
            "data: the site publishes only what its data folder holds)"
        ],
    ),
    "absolute dataset path": (
        "datapackage.yaml",
        ("path: staff-survey-fair-caseload.csv", "path: /etc/passwd"),
        [
            "/etc/passwd: lies outside data (through a link or a path such as ../) (expected a file inside data: "
            "the site publishes only what its data folder holds)"
        ],
    ),
    "duplicate YAML key": (
        "charts.yaml",
        in_chart("staff-survey-fair-caseload", "    kind: bar\n", "    kind: bar\n    kind: barz\n"),
        ['data/charts.yaml, line {line}: repeats the key "kind" (expected each key once in a mapping)'],
    ),
    "notes written as one text": (
        "charts.yaml",
        in_chart("staff-survey-fair-caseload", "    title: ", "    notes: Asked of all staff.\n    title: "),
        [
            'data/charts.yaml, chart "staff-survey-fair-caseload", "notes": is the text "Asked of all staff." '
            '(expected a list of texts, each on a line "- text")'
        ],
    ),
    "methodology written as a list": (
        "publications.yaml",
        (
            "    methodology: >-\n      Data collection on average caseloads levels within teams over a rolling\n"
            "      12-month period from August 2024 to July 2025.\n",
            "    methodology:\n      - Data collection\n",
        ),
        [
            'data/publications.yaml, publication "asc-caseload-audit-2024-25", "methodology": is a list '
            "(expected a text)"
        ],
    ),
    "comparison id equal to a dataset name": (
        "charts.yaml",
        ("  - id: team-caseload-across-audits\n    dataset:", "  - id: adult-caseload-by-role\n    dataset:"),
        [
            'data/charts.yaml, comparison 1, "id": "adult-caseload-by-role" is already the name of a dataset, '
            "whose files it would replace (expected an id of its own)"
        ],
    ),
    "too many rows for one chart": (
        "staff-survey-fair-caseload.csv",
        add_rows([f"survey {number},50,asc-caseload-audit-2024-25" for number in range(1000)]),
        [
            'data/charts.yaml, chart "staff-survey-fair-caseload": would draw 1,004 rows (expected at most 1,000 '
            'bars or points in one chart); add a "filter" to draw fewer, or split it into several charts'
        ],
    ),
    "label too long to draw": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Registered social worker in a locality community team,18.4"),
        [
            'data/charts.yaml, chart "caseload-by-role-2024-25": would cut the label "Registered social worker in '
            'a locality community team" (53 characters) short (expected labels of at most 40 characters in the '
            'chart); add a column of shorter names to the table and name it as the chart\'s "short_label"; the '
            "full names stay in the table under the chart"
        ],
    ),
    "figure too large to draw": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker,1.7e308"),
        [f'{ROLE}, row 2, column "average_caseload": "1.7e308" is written in scientific notation {FIGURE}'],
    ),
    "400-digit figure": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker," + "9" * 400),
        [
            f'{ROLE}, row 2, column "average_caseload": "{"9" * 400}" has more than 15 digits, more than a chart '
            f"can show exactly {FIGURE}"
        ],
    ),
    "Infinity as a figure": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker,Infinity"),
        [f'{ROLE}, row 2, column "average_caseload": "Infinity" is not a number {FIGURE}'],
    ),
    "NaN as a figure": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "Social worker,NaN"),
        [f'{ROLE}, row 2, column "average_caseload": "NaN" is not a number {FIGURE}'],
    ),
    "formula as a column name": (
        "datapackage.yaml",
        lambda text: text.replace("name: average_caseload\n", "name: \"=cmd|' /C calc'!A0\"\n", 1),
        [
            'data/datapackage.yaml, resource "adult-caseload-by-team", field "=cmd|\' /C calc\'!A0", "name": '
            "\"=cmd|' /C calc'!A0\" cannot be used as a column name (expected letters, digits, spaces and _, "
            "starting with a letter or digit)"
        ],
    ),
    "cell over 131,072 characters": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", '"' + "x" * 140_000 + '",18.4'),
        [
            f'{ROLE}, row 2, column "role": is longer than 10,000 characters (expected a figure or a short text '
            "in each cell)"
        ],
    ),
    "cell over 10,000 characters": (
        "adult-caseload-by-role.csv",
        ("Social worker,18.4", "x" * 10_001 + ",18.4"),
        [
            f'{ROLE}, row 2, column "role": is longer than 10,000 characters (expected a figure or a short text '
            "in each cell)"
        ],
    ),
    "unclosed quote": (
        "adult-caseload-by-role.csv",
        ("Community case worker,22.2", '"Community case worker,22.2'),
        [
            f'{ROLE}, line 3: opens a quote (") that is never closed, so the rest of the file would be one cell '
            '(expected a quoted cell to end with a quote, and "" for a quote inside a quoted cell)'
        ],
    ),
    "semicolons as separators": (
        "adult-caseload-by-role.csv",
        lambda text: text.replace(",", ";"),
        [
            f"{ROLE}, header row: separates its columns with semicolons (expected columns separated by commas); "
            'in Excel, save it again choosing "CSV UTF-8 (Comma delimited)" as the type'
        ],
    ),
    "unknown kind of publication": (
        "publications.yaml",
        ("kind: foi-response", "kind: foi-responses"),
        [
            'data/publications.yaml, publication "foi-485106426", "kind": "foi-responses" is not a kind of '
            'publication the settings declare (expected one of "audit", "foi-response", "official-statistics", '
            '"survey" (TRANSPARENCY_KINDS)); did you mean "foi-response"?'
        ],
    ),
    "alias bomb": (
        "charts.yaml",
        lambda text: text + "\n" + ALIAS_BOMB,
        [
            "data/charts.yaml, line {line}: stands for more than 1,000,000 values once its aliases (*name) are "
            "expanded (expected a file of publications, charts or tables, with few or no aliases)"
        ],
    ),
    "lists nested 50,000 deep": (
        "charts.yaml",
        lambda text: text + "\ndeep: " + "[" * 50_000 + "]" * 50_000 + "\n",
        ["data/charts.yaml, line {line}: nests lists or mappings more than 50 deep"],
    ),
}
MARKERS = {
    # The line each YAML problem is on: the line that holds this text after the change.
    "control character through a YAML escape": 'title: "Staff\\vsurvey"',
    "right-to-left override in YAML": "\u202e",
    "duplicate YAML key": "    kind: barz",
    "alias bomb": "g: &g",
    "lists nested 50,000 deep": "deep:",
}


@pytest.mark.parametrize("kind", HOSTILE_CASES)
def test_hostile_input_gives_its_exact_message(data_copy, kind):
    file_name, change, expected = HOSTILE_CASES[kind]
    edit(data_copy / file_name, change)
    if kind in MARKERS:
        text = (data_copy / file_name).read_text(encoding="utf-8")
        line = text[: text.index(MARKERS[kind])].count("\n") + 1
        expected = [message.format(line=line) for message in expected]
    assert problems_of(data_copy) == expected


def test_a_fifth_series_is_refused_rather_than_drawn_like_the_first(data_copy):
    edit(data_copy / "datapackage.yaml", ("enum: [England, Coventry]", "enum: [England, Coventry, A, B, C]"))
    areas = [f"2017,{name},15.0,dfe-children-social-work-workforce" for name in "ABC"]
    edit(data_copy / "children-caseload-per-fte-national.csv", add_rows(areas))
    assert problems_of(data_copy) == [
        'data/charts.yaml, chart "children-caseload-coventry-england": has 5 series (values of "area") '
        '(expected at most 4, each drawn in its own colour, shape and dash); add a "filter" to draw fewer'
    ]


def test_a_link_out_of_data_is_refused(data_copy, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text(
        (data_copy / "adult-caseload-by-role.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (data_copy / "adult-caseload-by-role.csv").unlink()
    (data_copy / "adult-caseload-by-role.csv").symlink_to(secret)
    assert problems_of(data_copy) == [
        "data/adult-caseload-by-role.csv: lies outside data (through a link or a path such as ../) (expected a "
        "file inside data: the site publishes only what its data folder holds)"
    ]


def test_a_yaml_file_linked_from_elsewhere_is_refused(data_copy, tmp_path):
    elsewhere = tmp_path / "charts.yaml"
    (data_copy / "charts.yaml").rename(elsewhere)
    (data_copy / "charts.yaml").symlink_to(elsewhere)
    assert problems_of(data_copy) == [
        "data/charts.yaml: lies outside data (through a link or a path such as ../) (expected a file inside "
        "data: the site publishes only what its data folder holds)"
    ]


def test_an_unreadable_file_is_named_with_the_reason(data_copy, monkeypatch):
    table = data_copy / "adult-caseload-by-role.csv"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == table:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert problems_of(data_copy) == [
        "data/adult-caseload-by-role.csv: cannot be read: Permission denied (expected the table of dataset "
        '"adult-caseload-by-role")'
    ]


@pytest.mark.parametrize(
    "content, what",
    [
        ("utf-16", 'UTF-16 text (Excel\'s "Unicode Text")'),
        (b"PK\x03\x04" + bytes(200), "an Excel workbook (.xlsx) or another zip file"),
        (b"\xd0\xcf\x11\xe0" + bytes(200), "an old Excel workbook (.xls)"),
    ],
)
def test_a_spreadsheet_saved_under_a_csv_name_is_called_what_it_is(data_copy, content, what):
    table = data_copy / "adult-caseload-by-role.csv"
    if content == "utf-16":
        content = table.read_text(encoding="utf-8").encode("utf-16")
    table.write_bytes(content)
    assert problems_of(data_copy) == [
        f"data/adult-caseload-by-role.csv: is {what}, not a text file (expected a UTF-8 CSV file); in Excel, "
        'save it again choosing "CSV UTF-8 (Comma delimited)" as the type'
    ]
