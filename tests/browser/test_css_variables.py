"""The theme's colour variables resolve in the browser, in light and dark mode, and the elements drawn with
them show. A variable defined through itself (`--border: var(--border)`) is invalid, and so is every
declaration using it: light mode had lost its borders, panel backgrounds and secondary text colour, and no
test noticed."""

import re

import pytest

from conftest import ROOT

from .charts import contrast
from .conftest import chart_pages

MAIN_CSS = ROOT / "theme" / "static" / "css" / "main.css"


def root_properties(color_scheme: str) -> list[str]:
    """The custom properties main.css declares in `:root { }` for a colour scheme: those outside any
    @media, and in dark mode also those under `@media ... (prefers-color-scheme: dark)`."""
    css = re.sub(r"/\*.*?\*/", "", MAIN_CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    names, enclosing = [], []
    for match in re.finditer(r"([^{}]*)\{|\}", css):
        if match.group(0) == "}":
            enclosing.pop()
            continue
        selector = " ".join(match.group(1).split())
        enclosing.append(selector)
        if selector != ":root":
            continue
        media = [rule for rule in enclosing if rule.startswith("@media")]
        applies = not media or (
            color_scheme == "dark" and all("prefers-color-scheme: dark" in m for m in media)
        )
        if applies:
            block = css[match.end() : css.index("}", match.end())]
            names.extend(re.findall(r"(--[\w-]+)\s*:", block))
    return sorted(set(names))


# Each custom property as the page resolves it, and whether the browser takes the value as a colour.
RESOLVED = """(names) => {
  const style = getComputedStyle(document.documentElement);
  return names.map((name) => {
    const value = style.getPropertyValue(name).trim();
    return {name, value, colour: value !== "" && CSS.supports("color", value)};
  });
}"""

# A custom property's colour as the browser computes colours ("rgb(r, g, b)"), to compare with elements.
AS_RGB = """(name) => {
  const probe = document.createElement("div");
  probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  document.body.append(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  return computed;
}"""

# How the first element matching a selector is painted.
PAINTED = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const style = getComputedStyle(element);
  return {
    colour: style.color,
    background: style.backgroundColor,
    borderColour: style.borderBottomColor,
    borderStyle: style.borderBottomStyle,
    borderWidth: parseFloat(style.borderBottomWidth),
  };
}"""

TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")
SCHEMES = ["light", "dark"]


def test_main_css_declares_the_neutral_colours_in_root_for_both_schemes():
    neutral = {"--text", "--page", "--secondary-text", "--border", "--panel", "--control-border"}
    assert neutral <= set(root_properties("light"))
    assert neutral | {"--link-dark", "--chart-mark-dark"} <= set(root_properties("dark"))


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_every_root_custom_property_resolves_to_a_colour(visit, color_scheme):
    page = visit(chart_pages()[0], color_scheme=color_scheme).page
    values = page.evaluate(RESOLVED, root_properties(color_scheme))
    assert [item for item in values if not item["colour"]] == []


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_borders_panels_and_secondary_text_are_painted_with_the_variables(visit, color_scheme):
    page = visit(chart_pages()[0], color_scheme=color_scheme).page
    colour = {name: page.evaluate(AS_RGB, name) for name in root_properties(color_scheme)}
    assert all(value not in TRANSPARENT for value in colour.values()), colour

    figure = page.evaluate(PAINTED, ".chart-figure")  # border: 1px solid var(--border)
    assert figure["borderStyle"] == "solid" and figure["borderWidth"] > 0
    assert figure["borderColour"] == colour["--border"]
    cell = page.evaluate(PAINTED, ".figure-table td")  # border-bottom: 1px solid var(--border)
    assert cell["borderStyle"] == "solid" and cell["borderColour"] == colour["--border"]

    footer = page.evaluate(PAINTED, ".site-footer")  # background: var(--panel)
    assert footer["background"] == colour["--panel"]
    assert footer["background"] not in TRANSPARENT and footer["background"] != colour["--page"]

    subtitle = page.evaluate(PAINTED, ".figure-subtitle")  # color: var(--secondary-text)
    assert subtitle["colour"] == colour["--secondary-text"] != colour["--text"]

    for background in ("--page", "--panel"):
        assert contrast(colour["--secondary-text"], colour[background]) >= 4.5
        assert contrast(colour["--text"], colour[background]) >= 4.5
        assert contrast(colour["--control-border"], colour[background]) >= 3


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_the_search_field_has_an_edge_of_3_to_1(visit, color_scheme):
    page = visit("search/", color_scheme=color_scheme).page
    page.locator(".pagefind-ui__search-input").wait_for()
    field = page.evaluate(PAINTED, ".pagefind-ui__search-input")
    assert field["borderStyle"] == "solid" and field["borderWidth"] > 0
    assert field["borderColour"] == page.evaluate(AS_RGB, "--control-border")
    assert contrast(field["borderColour"], page.evaluate(AS_RGB, "--page")) >= 3
