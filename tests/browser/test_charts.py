"""Charts: complete without JavaScript, and their marks and text stand out from the page in light and dark mode."""

import pytest
from site_build import contrast

# Each chart mark's colour and each chart text's colour, with the colour of what lies behind the chart
# (the SVG's own background is transparent, so the nearest painted ancestor's).
CHART_COLOURS = """() => {
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const found = [];
  document.querySelectorAll("figure svg").forEach((svg, chart) => {
    const behind = background(svg.parentElement);
    svg.querySelectorAll(".mark-rect path, .mark-symbol path").forEach((mark) =>
      found.push({chart, kind: "mark", colour: getComputedStyle(mark).fill, behind}));
    svg.querySelectorAll(".mark-line path").forEach((mark) =>
      found.push({chart, kind: "mark", colour: getComputedStyle(mark).stroke, behind}));
    svg.querySelectorAll(".mark-text text").forEach((text) =>
      found.push({chart, kind: "text", colour: getComputedStyle(text).fill, behind}));
  });
  return found;
}"""


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_chart_marks_reach_3_to_1_and_chart_text_4_5_to_1_against_the_page(visit, chart_path, color_scheme):
    page = visit(chart_path, color_scheme=color_scheme).page
    colours = page.evaluate(CHART_COLOURS)
    assert {item["kind"] for item in colours} == {"mark", "text"}
    too_faint = [
        item
        for item in colours
        if contrast(item["colour"], item["behind"]) < (3 if item["kind"] == "mark" else 4.5)
    ]
    assert too_faint == []


def test_without_javascript_every_chart_is_drawn_and_its_table_readable(visit, chart_path):
    page = visit(chart_path, java_script_enabled=False).page
    figures = page.locator("figure:has(svg)")
    assert figures.count() >= 1
    for number in range(figures.count()):
        figure = figures.nth(number)
        chart = figure.locator("svg").first
        box = chart.bounding_box()
        assert chart.is_visible() and box["width"] >= 200 and box["height"] >= 80
        assert chart.locator(".role-mark path, .role-mark text").count() >= 2
        table = figure.locator("table")
        if not table.count():  # an embed shows the chart alone and links to its data and to its page
            chart_id = chart_path.split("/")[1]
            links = [link.get_attribute("href") for link in figure.locator("a[target=_top]").all()]
            assert any(link.endswith(f"/charts/{chart_id}/") for link in links), links
            assert any(link.endswith(f"/charts/{chart_id}/{chart_id}.csv") for link in links), links
            continue
        summary = figure.locator("details:not([open]) > summary")
        if summary.count():  # a table folded away in <details> opens without JavaScript
            summary.first.click()
        assert table.is_visible()
        cells = table.locator("tbody th, tbody td")
        assert cells.count() >= 2
        for cell in cells.all():
            assert cell.is_visible() and cell.inner_text().strip()
            assert float(cell.evaluate("(cell) => parseFloat(getComputedStyle(cell).fontSize)")) >= 14
