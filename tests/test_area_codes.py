"""ONS GSS area codes: a column declared `area_code: true`, each code checked for its form (a capital E, W, S, N
or K and 8 digits), one place per code, exposed as Field.is_area_code and listed in JSON-LD spatialCoverage.

Uses the made-up national table of tests/fixtures/symbols/ (England E92000001, Birmingham E08000025, Coventry
E08000026); what each test expects is read from its CSV."""

import csv
import shutil
from pathlib import Path

import pytest
from site_build import ROOT, load_problems

from plugins.transparency.jsonld import places
from plugins.transparency.load import load_site_data
from plugins.transparency.model import Dataset, Field
from plugins.transparency.siteinfo import Site

FIXTURE = ROOT / "tests" / "fixtures" / "symbols"
NAME = "made-up-children-in-need-rate"
CSV_NAME = f"{NAME}.csv"
SITE = Site("Site", "https://example.org", False, ("Licence", "https://example.org/licence"), area="Coventry")
ONS = "http://statistics.data.gov.uk/id/statistical-geography/"


@pytest.fixture
def codes_data(data_copy) -> Path:
    shutil.copy(FIXTURE / CSV_NAME, data_copy / CSV_NAME)
    for name, addition in (("datapackage.yaml", "resource.yaml"), ("charts.yaml", "charts.yaml")):
        with (data_copy / name).open("a", encoding="utf-8") as file:
            file.write((FIXTURE / addition).read_text(encoding="utf-8"))
    return data_copy


def csv_rows() -> list[dict]:
    with (FIXTURE / CSV_NAME).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def change(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file, or in datapackage.yaml the first in the fixture's resource."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - name: {NAME}\n") if path.name == "datapackage.yaml" else 0
    assert old in text[start:], old
    path.write_text(text[:start] + text[start:].replace(old, new, 1), encoding="utf-8")


def test_the_declared_column_is_the_area_code_field(codes_data):
    dataset = load_site_data(codes_data).datasets[NAME]
    assert [f.name for f in dataset.fields if f.is_area_code] == ["area_code"]
    assert dataset.area_code_field == dataset.field("area_code")
    assert [row["area_code"] for row in dataset.rows] == [row["area_code"] for row in csv_rows()]


def test_no_table_of_the_real_site_declares_area_codes(site_data):
    assert not any(f.is_area_code for d in site_data.datasets.values() for f in d.fields)
    assert all(d.area_code_field is None for d in site_data.datasets.values())


FIRST = "2019,England,E92000001,"  # row 2 of the fixture
EXPECTED = (
    "(expected an ONS GSS code: a capital letter E, W, S, N or K and 8 digits, such as E08000026 (Coventry))"
)


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("e92000001", '; did you mean "E92000001"?'),
        ("E9200001", ""),  # a digit short
        ("E920000011", ""),  # a digit over
        ("E92 000001", '; did you mean "E92000001"?'),
        ("E92OOOOO1", '; did you mean "E92000001"?'),  # letters O for noughts
        ("X92000001", ""),  # no such country
        ("England", ""),  # the name in the code's column
    ],
)
def test_a_malformed_code_names_file_row_column_and_the_form(codes_data, code, hint):
    change(codes_data / CSV_NAME, FIRST, f"2019,England,{code},")
    assert load_problems(codes_data) == [
        f'data/{CSV_NAME}, row 2, column "area_code": "{code}" is not an area code {EXPECTED}{hint}'
    ]


def test_a_code_given_to_two_places_is_refused(codes_data):
    change(codes_data / CSV_NAME, "2020,England,E92000001,", "2020,England,E08000026,")
    first_coventry = next(i for i, r in enumerate(csv_rows(), start=2) if r["area_code"] == "E08000026")
    assert load_problems(codes_data) == [
        f'data/{CSV_NAME}, row 5, column "area_code": gives E08000026 to "England", but row {first_coventry} '
        'gives it to "Coventry" (expected one place for each code, named the same in every row of the column '
        '"area")'
    ]


WHERE = f'data/datapackage.yaml, resource "{NAME}", field "area_code"'
DECLARED = "          area_code: true\n"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "          area_code: yes please\n",
            f'{WHERE}, "area_code": is the text "yes please" (expected true, for a column of ONS GSS area codes '
            "such as E08000026)",
        ),
        (
            "          areacode: true\n",
            f'{WHERE}: has the key "areacode"; did you mean "area_code"?',
        ),
    ],
)
def test_a_wrong_declaration_is_named(codes_data, new, expected):
    change(codes_data / "datapackage.yaml", DECLARED, new)
    assert load_problems(codes_data) == [expected]


def test_area_codes_are_text(codes_data):
    change(
        codes_data / "datapackage.yaml", "          type: integer\n", "          type: integer\n" + DECLARED
    )
    assert load_problems(codes_data) == [
        f'data/datapackage.yaml, resource "{NAME}", field "year", "area_code": is true, but the field has the '
        'type "integer" (expected the type "string": a GSS code is text such as E08000026, with its letter)'
    ]


def test_one_column_of_codes_at_most(codes_data):
    area = "          description: England, or the local authority.\n"
    change(codes_data / "datapackage.yaml", area, area + DECLARED)
    assert load_problems(codes_data) == [
        f'data/datapackage.yaml, resource "{NAME}", "schema": declares 2 columns of area codes (area, area_code) '
        '(expected at most one field with "area_code: true")'
    ]


def test_json_ld_lists_each_place_with_its_name_code_and_ons_address(codes_data):
    dataset = load_site_data(codes_data).datasets[NAME]
    expected = dict.fromkeys((r["area"], r["area_code"]) for r in csv_rows())
    assert places(dataset, SITE) == [
        {"@type": "Place", "name": name, "identifier": code, "sameAs": ONS + code} for name, code in expected
    ]


def test_json_ld_without_a_column_of_names_gives_the_codes_alone():
    fields = (Field("code", "Code", "string", area_code=True), Field("value", "Value", "number"))
    rows = ({"code": "W06000015", "value": 1}, {"code": "S12000036", "value": 2}, {"code": None, "value": 3})
    dataset = Dataset("d", "D", "", "d.csv", fields, ("code",), rows, (2, 3, 4))
    assert places(dataset, SITE) == [
        {"@type": "Place", "identifier": code, "sameAs": ONS + code} for code in ("W06000015", "S12000036")
    ]


def test_json_ld_of_a_table_without_codes_is_as_before(site_data):
    national = site_data.datasets["children-caseload-per-fte-national"]
    names = dict.fromkeys(row["area"] for row in national.rows)
    assert places(national, SITE) == [{"@type": "Place", "name": name} for name in names]
    assert places(site_data.datasets["adult-caseload-by-role"], SITE) == [
        {"@type": "Place", "name": "Coventry"}
    ]
