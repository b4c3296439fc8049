"""Per-file incremental builds (plugins/transparency/outputs.py): after any kind of change, a build that
carries unchanged files over from the previous one is byte for byte the clean build's, and what it carries
is the previous build's files themselves (hard links), never a stale page."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_build import TEST_CACHE, copy_project, first_figure, replace_in, run_pelican, snapshot

from plugins.transparency.inputs import manifest

# Its builds take 15 s or more: handed to a worker before the files that take less (tests/conftest.py).
pytestmark = pytest.mark.starts_first

CARRIED = re.compile(r"(\d+) of (\d+) files carried over unchanged")
READ_BEFORE = re.compile(r"(\d+) of (\d+) content files as read before")


def first_title(project: Path) -> None:
    """A chart declaration: the first chart's title."""
    path = project / "data" / "charts.yaml"
    title = re.search(r"^    title: (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1]
    replace_in(path, f"title: {title}", f"title: {title}, as declared again")


def first_publication(project: Path) -> None:
    """A publication's metadata: the first publication's title."""
    path = project / "data" / "publications.yaml"
    title = re.search(r"^    title: (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1]
    replace_in(path, f"title: {title}", f"title: {title} (revised)")


def first_article(project: Path) -> None:
    path = sorted((project / "content" / "audits").glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added by an editor.\n", encoding="utf-8")


def first_mapping(project: Path) -> None:
    """The team mapping: the first row's service renamed, in every row naming it."""
    path = project / "data" / "team-mapping.csv"
    service = path.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    path.write_text(path.read_text(encoding="utf-8").replace(f"{service},", f"{service} services,"))


def chart_template(project: Path) -> None:
    replace_in(
        project / "theme" / "templates" / "chart.html", "{% block content %}", "{% block content %}<!--x-->"
    )


def site_name(project: Path) -> None:
    path = project / "pelicanconf.py"
    replace_in(path, 'SITENAME = "', 'SITENAME = "Renamed: ')


def first_page_deleted(project: Path) -> None:
    sorted((project / "content" / "pages").glob("*.md"))[0].unlink()


def first_chart_deleted(project: Path) -> None:
    """A chart's declaration and its placings removed, so its page, embed and downloads must go."""
    path = project / "data" / "charts.yaml"
    text = path.read_text(encoding="utf-8")
    declarations = re.split(r"(?m)^(?=  - id: )", text[text.index("\ncharts:\n") :])
    sets = (project / "data" / "page-sets.yaml").read_text(encoding="utf-8")
    for declaration in declarations[1:]:
        chart_id = re.match(r"  - id: (\S+)", declaration)[1]
        if chart_id not in sets:
            path.write_text(text.replace(declaration.rstrip("\n") + "\n", "", 1), encoding="utf-8")
            for page in (project / "content").rglob("*.md"):
                lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
                page.write_text("".join(x for x in lines if f"{{{{ chart {chart_id} }}}}" not in x))
            return
    raise AssertionError("every chart is placed by a page set: none can be deleted on its own")


CHANGES = {
    "one CSV value": first_figure,
    "a chart declaration": first_title,
    "a publication's metadata": first_publication,
    "a template": chart_template,
    "a setting": site_name,
    "an article": first_article,
    "the team mapping": first_mapping,
    "a deleted page": first_page_deleted,
    "a deleted chart": first_chart_deleted,
}


def build(project: Path, name: str, previous: str | None, cache: Path | None = None) -> str:
    """Pelican into project/name; with previous, carrying files over from project/previous; with cache,
    keeping built files there instead of in the run's cache."""
    overrides = [f'TRANSPARENCY_PREVIOUS_OUTPUT="{project / previous}"'] if previous else []
    overrides += [f'TRANSPARENCY_CACHE_PATH="{cache}"'] if cache else []
    result = run_pelican(project / name, "pelicanconf.py", *overrides, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The project, built once with a manifest (there was no previous build to carry from), and a copy."""
    project = copy_project(tmp_path_factory.mktemp("carried") / "project")
    build(project, "site", previous="nothing-yet")
    assert manifest(project / "site").exists()
    return Path(shutil.copytree(project, project.with_name("pristine"), symlinks=True))


@pytest.fixture
def project(pristine) -> Path:
    """The built project, put back as it was built in the same place: every setting naming a path is the
    same, and copies keep each file's size and time, as the manifest records them. (A file's tests run one
    after another on one worker: tests/conftest.py.)"""
    project = pristine.with_name("project")
    shutil.rmtree(project)
    return Path(shutil.copytree(pristine, project, symlinks=True))


def linked(first: Path, second: Path) -> set[str]:
    """The files of two folders that are one file (hard links), by their path."""
    return {
        str(path.relative_to(first))
        for path in first.rglob("*")
        if path.is_file()
        and (second / path.relative_to(first)).exists()
        and path.stat().st_ino == (second / path.relative_to(first)).stat().st_ino
    }


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_build_carrying_files_over_is_the_clean_build_byte_for_byte(project, change):
    change(project)
    printed = build(project, "new", previous="site")
    build(project, "clean", previous=None)
    new, clean = snapshot(project / "new"), snapshot(project / "clean")
    assert sorted(new) == sorted(clean)  # a file nothing makes any more is gone
    assert [path for path in clean if new[path] != clean[path]] == []
    carried, listed = map(int, CARRIED.search(printed).groups())
    assert len(linked(project / "new", project / "site")) >= carried


def test_nothing_changed_carries_every_file_it_knows_over_as_a_hard_link(project):
    printed = build(project, "new", previous="site")
    carried, listed = map(int, CARRIED.search(printed).groups())
    links = linked(project / "new", project / "site")
    assert carried == len(links) > 0
    # What the manifest lists with a digest is carried; what it cannot tell (the Vega bundle) is made again.
    kept = manifest(project / "new").read_text(encoding="utf-8")
    unknown = set(re.findall(r'"([^"]+)": \[null,', kept))
    assert carried == listed - len(unknown)
    assert snapshot(project / "new") == snapshot(project / "site")
    # The manifest gives each file's size and time as the new site has it (a carried file's are its old
    # one's: one inode), so that the next build carries from this one.
    for name, (_, size, time) in json.loads(kept)["files"].items():
        status = (project / "new" / name).lstat()
        assert [status.st_size, status.st_mtime_ns] == [size, time], name


def test_one_value_changed_makes_again_the_files_of_its_table_and_carries_the_charts_of_others(project):
    table = sorted((project / "data").glob("*.csv"))[0].stem
    first_figure(project)
    build(project, "new", previous="site")
    links = linked(project / "new", project / "site")
    charts = (project / "data" / "charts.yaml").read_text(encoding="utf-8")
    declared = re.findall(r"(?m)^  - id: (\S+)\n    dataset: (\S+)$", charts)
    assert declared, "no chart declarations found in data/charts.yaml"
    for chart_id, dataset in declared:
        downloads = {p for p in links if p.startswith(f"charts/{chart_id}/") and not p.endswith(".html")}
        if dataset == table:
            assert not downloads, f"{chart_id} draws {table}: its files must be made again"
    assert any(dataset != table for _, dataset in declared)
    assert any(p.startswith("charts/") for p in links), "no other table's chart was carried over"


def test_one_value_changed_makes_again_its_tables_downloads_and_page_and_carries_every_other_tables(
    project,
):
    changed = sorted((project / "data").glob("*.csv"))[0].name
    resources = yaml.safe_load((project / "data" / "datapackage.yaml").read_text(encoding="utf-8"))[
        "resources"
    ]
    table = next(resource["name"] for resource in resources if resource["path"] == changed)
    first_figure(project)
    build(project, "new", previous="site")
    links = linked(project / "new", project / "site")
    made = {str(path.relative_to(project / "new")) for path in (project / "new").rglob("*") if path.is_file()}

    def files_of(name: str) -> set[str]:
        """A table's downloads, its page and its citation's files."""
        return {
            p
            for p in made
            if p in (f"data/{name}.csv", f"data/{name}.json") or p.startswith(f"datasets/{name}/")
        }

    assert len(files_of(table)) > 2 and not files_of(table) & links
    others = [resource["name"] for resource in resources if resource["name"] != table]
    assert others, "data/datapackage.yaml declares one table: no other to carry"
    for name in others:
        assert len(files_of(name)) > 2 and files_of(name) <= links, f"{name}'s files were made again"
    # Made from every table: the catalogue page, the data package and the zip of all of it.
    assert not {"datasets/index.html", "data/datapackage.json"} & links


def test_a_previous_file_edited_by_hand_is_made_again_not_carried(project):
    page = next((project / "site" / "charts").rglob("index.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("<main", "<main data-edited"), encoding="utf-8")
    build(project, "new", previous="site")
    build(project, "clean", previous=None)
    name = page.relative_to(project / "site")
    assert (project / "new" / name).read_bytes() == (project / "clean" / name).read_bytes()
    assert "data-edited" in page.read_text(encoding="utf-8")  # the previous build's file is left as it was


def test_an_article_is_read_again_only_when_it_or_the_data_it_cites_changed(project, tmp_path):
    """Content files are kept in the cache as read: one article edited, only it is read again; one CSV
    value changed, not the articles placing or quoting that table (each build is still the clean one:
    above)."""
    # The run's images, linked; no reads, since other tests' builds of the same changes keep theirs there.
    cache = Path(shutil.copytree(TEST_CACHE, tmp_path / "cache", copy_function=os.link))
    for entry in cache.glob("*.read.json"):
        entry.unlink()
    kept, read = map(int, READ_BEFORE.search(build(project, "warm", "site", cache)).groups())
    assert kept == 0 and read > 1
    first_article(project)
    kept, read = map(int, READ_BEFORE.search(build(project, "new", "warm", cache)).groups())
    assert kept == read - 1
    first_figure(project)
    table = sorted((project / "data").glob("*.csv"))[0].stem
    charts = (project / "data" / "charts.yaml").read_text(encoding="utf-8")
    drawing = [c for c, d in re.findall(r"(?m)^  - id: (\S+)\n    dataset: (\S+)$", charts) if d == table]
    cites = [rf"\{{\{{\s*value\s+{re.escape(table)}\s"] + [rf"\{{\{{\s*chart\s+{c}\s*\}}\}}" for c in drawing]
    texts = [path.read_text(encoding="utf-8") for path in (project / "content").rglob("*.md")]
    citing = [text for text in texts if any(re.search(cite, text) for cite in cites)]
    assert citing, f"no content file places or quotes {table}"
    kept, read = map(int, READ_BEFORE.search(build(project, "again", "new", cache)).groups())
    assert 0 < kept <= read - len(citing)


def test_a_read_that_found_a_problem_or_logged_a_warning_is_read_again_and_says_so_again(project):
    """Only a read that found nothing to say is kept: the next build says it again."""
    article = sorted((project / "content" / "audits").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    table = sorted((project / "data").glob("*.csv"))[0].stem
    overrides = [f'TRANSPARENCY_PREVIOUS_OUTPUT="{project / "site"}"']
    # Two Slugs: Pelican warns and uses the first (the build succeeds).
    article.write_text(text.replace("\n\n", "\nSlug: one-slug\nSlug: another-slug\n\n", 1), "utf-8")
    for _ in range(2):
        warned = run_pelican(project / "new", "pelicanconf.py", *overrides, cwd=project)
        assert warned.returncode == 0, warned.stdout + warned.stderr
        assert "Duplicate definition of `slug`" in warned.stdout + warned.stderr
    # A figure that no row has: the build stops, every time, with the same problem.
    article.write_text(text + f"\n{{{{ value {table} no-such-row }}}}\n", encoding="utf-8")
    said = []
    for _ in range(2):
        stopped = run_pelican(project / "new", "pelicanconf.py", *overrides, cwd=project)
        assert stopped.returncode != 0
        said.append(stopped.stderr)
    assert f"{article.name}, line {len(text.splitlines()) + 2}:" in said[0] and said[0] == said[1]


def test_a_damaged_kept_figure_or_read_is_made_again_not_placed(project, tmp_path):
    """An article's figures, and the article as read, are kept in the cache between builds that carry files
    over: one damaged there (its text changed, its hash not) is made again, so the page is still the clean
    build's."""
    # The run's cache, linked file by file; the damaged entries are new files, so the run's stay whole.
    cache = Path(shutil.copytree(TEST_CACHE, tmp_path / "cache", copy_function=os.link))
    kept = sorted(cache.glob("*.figure.html")) + sorted(cache.glob("*.read.json"))
    assert any(p.name.endswith(".figure.html") for p in kept), "the first build kept no figures"
    assert any(p.name.endswith(".read.json") for p in kept), "the first build kept no articles as read"
    for entry in kept:
        text = entry.read_text(encoding="utf-8")
        entry.unlink()
        entry.write_text(text.replace("</figure>", "<p>damaged</p></figure>"), encoding="utf-8")
    build(project, "new", previous="site", cache=cache)
    build(project, "clean", previous=None)
    new, clean = snapshot(project / "new"), snapshot(project / "clean")
    assert [path for path in clean if new[path] != clean[path]] == []
    assert not any(b"<p>damaged</p>" in content for content in new.values())
