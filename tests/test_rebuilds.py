"""Rebuilds are safe: a failed build keeps the last good site, and the render cache is never stale."""

import csv
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from site_build import ROOT, copy_project, page, run_pelican, snapshot

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

SUMMARY = re.compile(
    r"^Built (?P<datasets>\d+) datasets, (?P<charts>\d+) charts \((?P<rendered>\d+) images rendered, "
    r"(?P<cached>\d+) from cache\), (?P<pages>\d+) pages in \d+\.\d s$",
    flags=re.MULTILINE,
)


def summary(result: subprocess.CompletedProcess) -> dict[str, int]:
    found = SUMMARY.findall(result.stdout)
    assert len(found) == 1, result.stdout + result.stderr
    return {key: int(value) for key, value in SUMMARY.search(result.stdout).groupdict().items()}


def make_html(project: Path) -> subprocess.CompletedProcess:
    """`make html` in a copy of the project, with the project's own virtual environment."""
    venv = ROOT / ".venv"
    command = ["make", "--no-print-directory", "html", f"VENV={venv}", "-o", f"{venv}/.installed"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True)


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "pelican").exists(), reason="needs make's .venv")
# Its own builds in its own copy, none shared with the module's `builds`: a group of its own, so the two may
# run on different workers.
@pytest.mark.xdist_group("tests/test_rebuilds.py::make-html")
def test_a_failed_make_html_leaves_the_last_good_site_byte_identical(tmp_path):
    project = copy_project(tmp_path / "project")
    first = make_html(project)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(project / "output")
    csv = project / "data" / "adult-caseload-by-role.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("18.4", "18.4.1"), encoding="utf-8")
    failed = make_html(project)
    assert failed.returncode != 0
    assert '"18.4.1" is not a number' in failed.stderr
    assert snapshot(project / "output") == before


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """A cold build with an empty cache, the same again, and one after one figure changed."""
    project = copy_project(tmp_path_factory.mktemp("rebuilds") / "project")
    cache = f'TRANSPARENCY_CACHE_PATH="{project / "chart-cache"}"'

    def build(name: str) -> tuple[Path, subprocess.CompletedProcess]:
        result = run_pelican(project / name, "pelicanconf.py", "-e", cache, cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        return project / name, result

    cold, warm = build("cold"), build("warm")
    survey = project / "data" / "staff-survey-fair-caseload.csv"
    survey.write_text(
        survey.read_text(encoding="utf-8").replace("2024/25,65,", "2024/25,66,"), encoding="utf-8"
    )
    return {"cold": cold, "warm": warm, "changed": build("changed")}


def set_charts() -> int:
    """The charts page sets make: each declared chart once per value of the set's key, read from the CSV the
    set's table comes from (a comparison's values are its mapping's)."""
    sets = yaml.safe_load((ROOT / "data" / "page-sets.yaml").read_text(encoding="utf-8"))["page_sets"]
    comparisons = yaml.safe_load((ROOT / "data" / "charts.yaml").read_text(encoding="utf-8"))["comparisons"]
    mapping = {c["id"]: c["mapping"] for c in comparisons}
    made = 0
    for page_set in sets:
        table = ROOT / "data" / f"{mapping.get(page_set['dataset'], page_set['dataset'])}.csv"
        with table.open(encoding="utf-8", newline="") as file:
            keys = {row[page_set["key"]] for row in csv.DictReader(file)}
        made += len(keys) * len(page_set.get("charts") or [])
    return made


def test_every_build_ends_with_one_summary_line(builds):
    cold = summary(builds["cold"][1])
    declared = yaml.safe_load((ROOT / "data" / "charts.yaml").read_text(encoding="utf-8"))
    package = yaml.safe_load((ROOT / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    # Every table of the package and every comparison (a dataset of its own).
    assert cold["datasets"] == len(package["resources"]) + len(declared.get("comparisons") or [])
    assert cold["charts"] == len(declared["charts"]) + set_charts() and cold["pages"] >= len(
        declared["charts"]
    )
    assert cold["rendered"] > 0 and cold["cached"] == 0


def test_nothing_changed_means_nothing_rendered_and_the_same_site(builds):
    cold, warm = summary(builds["cold"][1]), summary(builds["warm"][1])
    assert warm["rendered"] == 0 and warm["cached"] == cold["rendered"]
    assert snapshot(builds["warm"][0]) == snapshot(builds["cold"][0])


def test_a_changed_value_renders_exactly_the_charts_using_it_and_never_a_stale_image(builds):
    cold, changed = summary(builds["cold"][1]), summary(builds["changed"][1])
    images_per_chart = cold["rendered"] // cold["charts"]
    assert changed["rendered"] == images_per_chart  # only the staff survey chart uses the figure
    assert changed["cached"] == cold["rendered"] - images_per_chart

    def svgs(site: Path) -> dict[str, str]:
        html = page(site, "publications/asc-caseload-audit-2024-25/index.html")
        return {figure["id"]: str(figure.svg) for figure in html.select("figure[id]") if figure.svg}

    before, after = svgs(builds["warm"][0]), svgs(builds["changed"][0])
    changed_figures = [name for name in before if before[name] != after[name]]
    assert changed_figures == ["figure-staff-survey-fair-caseload"]
    assert ">66%<" in after["figure-staff-survey-fair-caseload"]
    assert ">65%<" not in after["figure-staff-survey-fair-caseload"]
