"""The council's colours and the chart colours meet WCAG 2.2 AA contrast."""

import re

from site_build import ROOT, contrast

import pelicanconf


def test_text_colours_reach_4_5_to_1():
    colours = pelicanconf.COUNCIL_COLOURS
    assert contrast(colours["brand_text"], colours["brand"]) >= 4.5
    assert contrast(colours["link"], "#ffffff") >= 4.5
    assert contrast(colours["link_visited"], "#ffffff") >= 4.5
    assert contrast("#1b1b1b", colours["focus"]) >= 4.5


def test_chart_bars_reach_3_to_1_against_the_page():
    assert contrast(pelicanconf.TRANSPARENCY_CHART_STYLE["colour"], "#ffffff") >= 3


def test_every_template_escapes_with_pelicans_other_jinja_defaults():
    from pelican.settings import DEFAULT_CONFIG

    assert {**DEFAULT_CONFIG["JINJA_ENVIRONMENT"], "autoescape": True} == pelicanconf.JINJA_ENVIRONMENT


MAIN_CSS = ROOT / "theme" / "static" / "css" / "main.css"
CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]+)")
VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


def css_without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def custom_property_cycles(css: str) -> list[list[str]]:
    """Each custom property whose value reaches itself through var(), directly or through others, with the
    chain that does it. Definitions in every rule count, so `--a: var(--a)` anywhere is found."""
    references: dict[str, set[str]] = {}
    for name, value in CUSTOM_PROPERTY.findall(css_without_comments(css)):
        references.setdefault(name, set()).update(VAR_REFERENCE.findall(value))
    cycles = []
    for start in sorted(references):
        chains = [[start, reference] for reference in sorted(references[start])]
        seen = set()
        while chains:
            chain = chains.pop()
            if chain[-1] == start:
                cycles.append(chain)
                break
            if chain[-1] in seen:
                continue
            seen.add(chain[-1])
            chains.extend(chain + [reference] for reference in sorted(references.get(chain[-1], ())))
    return cycles


def test_finding_cycles_of_custom_properties():
    assert custom_property_cycles(":root { --a: var(--a); }") == [["--a", "--a"]]
    assert custom_property_cycles(":root { --a: var(--b, red); }\n.x { --b: 1px solid var(--a); }") == [
        ["--a", "--b", "--a"],
        ["--b", "--a", "--b"],
    ]
    assert custom_property_cycles("/* --a: var(--a) */ :root { --a: #fff; --b: var(--a); }") == []


def test_no_custom_property_of_main_css_is_defined_through_itself():
    assert custom_property_cycles(MAIN_CSS.read_text(encoding="utf-8")) == []


def root_colours(css: str) -> list[dict[str, str]]:
    """The custom properties of each `:root { }` block of main.css: light mode's, then dark mode's."""
    blocks = re.findall(r":root\s*\{([^{}]*)\}", css_without_comments(css))
    return [dict(CUSTOM_PROPERTY.findall(block)) for block in blocks]


def test_neutral_colours_reach_wcag_contrast_in_light_and_dark_mode():
    light, dark = root_colours(MAIN_CSS.read_text(encoding="utf-8"))
    for colours in (light, dark):
        values = {name: value.strip() for name, value in colours.items()}
        for name in ("--text", "--page", "--secondary-text", "--border", "--panel", "--control-border"):
            assert re.fullmatch(r"#[0-9a-f]{6}", values[name]), (name, values[name])
        for background in ("--page", "--panel"):
            assert contrast(values["--text"], values[background]) >= 4.5
            assert contrast(values["--secondary-text"], values[background]) >= 4.5
            # The edge of the search field identifies a control (WCAG 1.4.11); --border only decorates.
            assert contrast(values["--control-border"], values[background]) >= 3
