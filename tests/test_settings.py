"""The plugin's settings: declared once, documented in README from the declarations, checked like data."""

from site_build import ROOT

from plugins.transparency.settings import DECLARED, check_settings, readme_section


def test_readme_documents_every_setting_as_declared():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index("<!-- settings: generated -->\n"), readme.index("<!-- settings: end -->")
    assert readme[start:end].removeprefix("<!-- settings: generated -->\n") == readme_section()
    for name in DECLARED:
        assert f"### `{name}" in readme


def test_the_sites_own_settings_pass():
    import pelicanconf

    assert check_settings(vars(pelicanconf)) == []


def test_a_misspelt_setting_is_named_with_the_right_one():
    [problem] = check_settings({"TRANSPARENCY_CACHE_PTH": ".cache"})
    assert (
        str(problem)
        == 'TRANSPARENCY_CACHE_PTH: is not a setting of the plugin; did you mean "TRANSPARENCY_CACHE_PATH"?'
    )


def test_settings_of_the_wrong_shape_are_problems():
    problems = check_settings(
        {
            "TRANSPARENCY_DATA_PATH": 7,
            "TRANSPARENCY_RENDER_WORKERS": 0,
            "TRANSPARENCY_CHART_STYLE": {"colur": "#000000"},
            "TRANSPARENCY_KINDS": {"audit": {"category": "Audits", "name": "audit"}},
        }
    )
    assert [str(problem) for problem in problems] == [
        "TRANSPARENCY_DATA_PATH: is not a text (expected a folder name in quotes)",
        'TRANSPARENCY_KINDS: kind "audit" does not have exactly the keys "category", "name", "folder"',
        'TRANSPARENCY_CHART_STYLE: has an unknown key "colur"; did you mean "colour"?',
        "TRANSPARENCY_RENDER_WORKERS: is not a whole number above 0 or None",
    ]


def test_a_kind_must_be_a_slug():
    [problem] = check_settings(
        {"TRANSPARENCY_KINDS": {"Audit Reports": {"category": "A", "name": "a", "folder": "a"}}}
    )
    assert (
        str(problem)
        == 'TRANSPARENCY_KINDS: has the kind "Audit Reports", which is not a slug such as foi-response'
    )
