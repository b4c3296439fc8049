"""What a build is made from (plugins/transparency/inputs.py): every kind of input changes the digest, so a
build is skipped only when nothing it reads has changed; what builds make does not."""

import shutil
from pathlib import Path

import pytest
from site_build import ROOT, copy_project, first_figure

from plugins.transparency import inputs

COMMAND = ["python", "-m", "pelican", "-s", "pelicanconf.py", "|", "pagefind"]


def first_line_of(project: Path, name: str) -> None:
    path = project / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


CHANGES = {
    "one CSV value": first_figure,
    "a chart declaration": lambda p: first_line_of(p, "data/charts.yaml"),
    "a publication's metadata": lambda p: first_line_of(p, "data/publications.yaml"),
    "a template": lambda p: first_line_of(p, "theme/templates/base.html"),
    "a setting": lambda p: first_line_of(p, "pelicanconf.py"),
    "an article": lambda p: first_line_of(p, sorted(p.glob("content/audits/*.md"))[0].relative_to(p)),
    "the team mapping": lambda p: first_line_of(p, "data/team-mapping.csv"),
    "the stylesheet": lambda p: first_line_of(p, sorted(p.glob("theme/static/css/*.css"))[0].relative_to(p)),
    "a new file in content/": lambda p: (p / "content" / "pages" / "new.md").write_text("Title: New\n"),
    "deleting an input": lambda p: sorted(p.glob("content/pages/*.md"))[0].unlink(),
    "deleting a table": lambda p: sorted(p.glob("data/*.csv"))[-1].unlink(),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("inputs") / "project")


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "project", symlinks=True))


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_kind_of_input_changes_the_digest(project, change):
    before = inputs.inputs_digest(COMMAND, project)
    change(project)
    assert inputs.inputs_digest(COMMAND, project) != before


def test_the_same_inputs_give_the_same_digest_in_another_copy(pristine, project):
    assert inputs.inputs_digest(COMMAND, project) == inputs.inputs_digest(COMMAND, pristine)


def test_the_environment_the_settings_read_and_the_command_are_inputs(project, monkeypatch):
    before = inputs.inputs_digest(COMMAND, project)
    assert inputs.inputs_digest([*COMMAND, "--quiet"], project) != before
    monkeypatch.setenv("TRANSPARENCY_PUBLIC_URL", "https://example.org")
    assert inputs.inputs_digest(COMMAND, project) != before


def test_what_builds_make_is_not_an_input(project):
    before = inputs.inputs_digest(COMMAND, project)
    for made in ("output", "output.new", ".cache/more", "plugins/transparency/__pycache__"):
        (project / made).mkdir(parents=True, exist_ok=True)
        (project / made / "file").write_text("made by a build")
    (project / ".build.inputs").write_text("{}")
    assert inputs.inputs_digest(COMMAND, project) == before


def test_the_plugin_code_is_an_input_wherever_it_lives(project, monkeypatch, tmp_path):
    plugin = Path(shutil.copytree(ROOT / "plugins" / "transparency", tmp_path / "plugin"))
    monkeypatch.setattr(inputs, "PLUGIN", plugin)
    before = inputs.inputs_digest(COMMAND, project)
    first_line_of(plugin, "render.py")
    assert inputs.inputs_digest(COMMAND, project) != before


def test_what_the_settings_load_or_name_outside_the_project_is_an_input(project, tmp_path):
    # As the benchmark's settings do: load the project's pelicanconf.py from elsewhere, by its path.
    elsewhere = Path(shutil.copytree(project, tmp_path / "elsewhere", symlinks=True))
    settings = tmp_path / "site" / "siteconf.py"
    settings.parent.mkdir()
    settings.write_text(
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('shared', {str(elsewhere / 'pelicanconf.py')!r})\n"
        "shared = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(shared)\n"
        "globals().update({k: v for k, v in vars(shared).items() if k.isupper()})\n"
    )
    named = inputs.settings_inputs(str(settings))
    assert elsewhere / "pelicanconf.py" in named and Path(str(elsewhere / "theme")) in named
    before = inputs.inputs_digest(COMMAND, settings.parent, named)
    for change in (
        lambda: first_line_of(elsewhere, "pelicanconf.py"),
        lambda: first_line_of(elsewhere, "theme/templates/base.html"),
    ):
        change()
        after = inputs.inputs_digest(COMMAND, settings.parent, inputs.settings_inputs(str(settings)))
        assert after != before
        before = after


def test_settings_that_cannot_be_read_are_never_taken_as_unchanged(tmp_path):
    broken = tmp_path / "brokenconf.py"
    broken.write_text("raise SystemExit('TRANSPARENCY_PUBLIC_URL is not set')\n")
    assert inputs.settings_inputs(str(broken)) is None


def test_a_record_is_believed_only_for_the_same_inputs_and_the_same_output(tmp_path):
    output, record = tmp_path / "output", tmp_path / ".build.inputs"
    (output / "charts").mkdir(parents=True)
    (output / "index.html").write_text("<p>site</p>")
    (output / "charts" / "a.svg").write_text("<svg/>")
    assert inputs.unchanged("digest", output, record) == 0  # no record yet
    inputs.remember("digest", output, record)
    assert inputs.unchanged("digest", output, record) == 2
    assert inputs.unchanged("other", output, record) == 0
    (output / "index.html").write_text("<p>edited by hand</p>")
    assert inputs.unchanged("digest", output, record) == 0
    inputs.remember("digest", output, record)
    inputs.forget(record)
    assert inputs.unchanged("digest", output, record) == 0
    record.write_text("not json")
    assert inputs.unchanged("digest", output, record) == 0
