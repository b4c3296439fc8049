import markdown
import pytest
from bs4 import BeautifulSoup
from site_build import ROOT

from plugins.transparency.build import Build
from plugins.transparency.figures import make_templates
from plugins.transparency.markdown_ext import FiguresExtension


@pytest.fixture
def build(site_data):
    return Build(site_data, make_templates(ROOT / "theme" / "templates"))


def convert(build, text: str) -> BeautifulSoup:
    html = markdown.markdown(text, extensions=[FiguresExtension(build, "content/test.md")])
    return BeautifulSoup(html, "html.parser")


def test_chart_becomes_a_numbered_accessible_figure(build):
    page = convert(
        build, "Intro.\n\n{{ chart caseload-by-role-2024-25 }}\n\n{{ chart caseload-by-team-2019-20 }}\n"
    )
    first, second = page.find_all("figure")
    assert first.find(class_="figure-number").text == "Figure 1:"
    assert second.find(class_="figure-number").text == "Figure 2:"
    svg = first.find("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "figure-caseload-by-role-2024-25-title"
    assert first.find(id=svg["aria-describedby"]).text.startswith("The chart shows the average caseload")
    rows = [[cell.text for cell in tr.find_all(["th", "td"])] for tr in first.tbody.find_all("tr")]
    assert rows == [
        ["Social worker", "18.4"],
        ["Community case worker", "22.2"],
        ["Occupational therapist", "29.7"],
        ["Occupational therapist assistant", "40.0"],
    ]
    assert "Caution should always be used" in first.find(class_="figure-notes").text
    links = {a.get_text(" ", strip=True): a["href"] for a in first.find_all("a")}
    folder = "__SITEROOT__/charts/caseload-by-role-2024-25"
    files = build.charts.files("caseload-by-role-2024-25")

    def human_size(size: int) -> str:  # the rule the page states: whole kilobytes, rounded up, at least 1
        return f"{max(1, -(-size // 1024))} KB"

    assert links == {
        f"CSV, {human_size(len(files['csv']))}": f"{folder}/caseload-by-role-2024-25.csv",
        f"SVG, {human_size(len(files['svg']))}": f"{folder}/caseload-by-role-2024-25.svg",
        f"PNG, {human_size(len(files['png']))}": f"{folder}/caseload-by-role-2024-25.png",
        f"Vega-Lite JSON, {human_size(len(files['vl.json']))}": f"{folder}/caseload-by-role-2024-25.vl.json",
        "Embed this chart": f"{folder}/#embed",
        "Cite this chart": f"{folder}/#cite",
        "Whole dataset: Adult social care average caseload by professional role (CSV)": "__SITEROOT__/data/adult-caseload-by-role.csv",
    }
    assert build.problems == []


def test_inline_values_come_from_data(build):
    page = convert(
        build,
        '{{ value staff-survey-fair-caseload 2024/25 }} of staff; social workers {{ value adult-caseload-by-role asc-caseload-audit-2024-25 "Social worker" }}.',
    )
    assert page.p.text == "65% of staff; social workers 18.4."


def test_problems_name_file_line_and_suggest(build):
    convert(
        build,
        "Title\n\n{{ chart caseload-by-role-2042-25 }}\n\n{{ value staff-survey-fair-caseload 2025/26 }}\n\n{{ tabel x }}",
    )
    assert [str(p) for p in build.problems] == [
        'content/test.md, line 3: places the chart "caseload-by-role-2042-25", which is not declared in '
        'data/charts.yaml; did you mean "caseload-by-role-2024-25"?',
        'content/test.md, line 5: no row of dataset "staff-survey-fair-caseload" has survey_period = "2025/26"',
        'content/test.md, line 7: has a shortcode "{{ tabel ..." that is not understood (expected "{{ chart ID }}" '
        'or "{{ changes COMPARISON PUBLICATION }}" alone on a line, or "{{ value DATASET KEY }}" or "{{ contact }}")',
    ]


def test_team_names_are_escaped(site_data, build):
    from dataclasses import replace

    dataset = site_data.datasets["adult-caseload-by-role"]
    hostile = {**dataset.rows[0], "role": "<script>alert(1)</script> & “Quotes”"}
    data = replace(
        site_data, datasets={**site_data.datasets, dataset.name: replace(dataset, rows=(hostile,))}
    )
    page = convert(Build(data, build.templates), "{{ chart caseload-by-role-2024-25 }}")
    assert page.find("script") is None
    assert page.tbody.th.text == "<script>alert(1)</script> & “Quotes”"


def test_a_value_from_a_dataset_without_numbers_is_a_problem_not_a_crash(build):
    page = convert(
        build,
        'Intro.\n\nThe mapping says {{ value team-mapping asc-caseload-audit-2019-20 "Hospital Team" }}.',
    )
    assert page.find_all("p")[1].text == "The mapping says ."
    assert [str(p) for p in build.problems] == [
        'content/test.md, line 3: names the dataset "team-mapping", which has no number column to print '
        "(expected a dataset with a number column besides its key: publication, team)"
    ]


def test_sizes_are_whole_kilobytes_rounded_up():
    from plugins.transparency.downloads import human_size

    assert [human_size(size) for size in (1, 1024, 1025, 10_240, 10_241)] == [
        "1 KB",
        "1 KB",
        "2 KB",
        "10 KB",
        "11 KB",
    ]


@pytest.mark.parametrize(
    "contact, link",
    [
        ("editors@example.gov.uk", '<a href="mailto:editors@example.gov.uk">editors@example.gov.uk</a>'),
        (
            "https://example.gov.uk/contact",
            '<a href="https://example.gov.uk/contact">https://example.gov.uk/contact</a>',
        ),
        (None, "<em>(the contact address is not set yet: TRANSPARENCY_CONTACT)</em>"),
    ],
)
def test_contact_prints_the_editors_route_from_the_settings(build, contact, link):
    build.contact = contact
    assert link in str(convert(build, "Tell the site's editors: {{ contact }}."))
