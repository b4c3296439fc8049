"""Checks run on every chart page (tests/browser/test_pages.py): charts complete without JavaScript, their marks
and text stand out from the page in light and dark mode, and chart text as a reader sees it is never under
12 CSS px from a 320 px phone up, at least 14 px on a desktop, and never cut (no "…", and every text inside
its image)."""

from site_build import contrast

from .views import show_as

WIDTHS = (320, 375, 768, 1280)
SMALLEST = {320: 12, 375: 12, 768: 12, 1280: 14}
# The smallest chart text on the audit page and a chart page, printed for the record (pytest -s).
RECORDED = ("publications/asc-caseload-audit-2024-25/", "charts/team-caseload-across-audits/")

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


# Every <text> of every chart: its font size in the SVG's units times the scale the SVG is drawn at on the
# screen (getScreenCTM), which is the size in CSS px; and whether its box lies inside the SVG's box.
CHART_TEXTS = """() => {
  const found = [];
  document.querySelectorAll("figure .chart svg").forEach((svg, chart) => {
    const frame = svg.getBoundingClientRect();
    svg.querySelectorAll("text").forEach((text) => {
      if (!text.textContent.trim() || getComputedStyle(text).opacity === "0") return;
      const matrix = text.getScreenCTM();
      const scale = Math.sqrt(Math.abs(matrix.a * matrix.d - matrix.b * matrix.c));
      const box = text.getBoundingClientRect();
      found.push({
        chart,
        text: text.textContent,
        size: parseFloat(getComputedStyle(text).fontSize) * scale,
        inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5
          && box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5,
      });
    });
  });
  return {texts: found, pageWidth: document.documentElement.scrollWidth};
}"""


def chart_text_is_large_enough_and_never_cut(cdp, page, width: int) -> list[float]:
    """At `width` x 900 px; returns the sizes of the chart text found, for the record."""
    show_as(cdp, width, 900)
    measured = page.evaluate(CHART_TEXTS)
    texts = measured["texts"]
    assert texts, "no chart text found"
    too_small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < SMALLEST[width] - 0.01]
    assert too_small == [], f"smallest {min(t['size'] for t in texts):.2f} px at {width} px"
    assert [t["text"] for t in texts if "…" in t["text"]] == []
    assert [t["text"] for t in texts if not t["inside"]] == []
    # And the page itself never scrolls sideways.
    assert measured["pageWidth"] <= width
    return [t["size"] for t in texts]


def chart_marks_reach_3_to_1_and_chart_text_4_5_to_1_against_the_page(page):
    """In the colour scheme the page is shown in."""
    colours = page.evaluate(CHART_COLOURS)
    assert {item["kind"] for item in colours} == {"mark", "text"}
    too_faint = [
        item
        for item in colours
        if contrast(item["colour"], item["behind"]) < (3 if item["kind"] == "mark" else 4.5)
    ]
    assert too_faint == []


def without_javascript_every_chart_is_drawn_and_its_table_readable(page, chart_path):
    """On the page loaded with JavaScript off."""
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
        # Every cell at once (three round trips a cell took seconds on the larger tables).
        unreadable = [cell for cell in cells.evaluate_all(CELLS_AS_SHOWN) if not readable(cell)]
        assert unreadable == []


# Each cell as Playwright's is_visible() sees it (shown by checkVisibility and `visibility`, with a box of
# some size), with its text as inner_text() reads it and its font size in CSS px.
CELLS_AS_SHOWN = """(cells) => cells.map((cell) => {
  const style = getComputedStyle(cell);
  const box = cell.getBoundingClientRect();
  return {
    text: cell.innerText,
    visible: cell.checkVisibility() && style.visibility === "visible" && box.width > 0 && box.height > 0,
    size: parseFloat(style.fontSize),
  };
})"""


def readable(cell: dict) -> bool:
    return cell["visible"] and bool(cell["text"].strip()) and cell["size"] >= 14


def smallest_chart_text_for_the_record(path: str, width: int, sizes: list[float]) -> str:
    """The line printed for the record; the smallest text must reach the width's minimum with no rounding."""
    assert min(sizes) >= SMALLEST[width], f"smallest {min(sizes):.2f} px at {width} px"
    return f"{path} at {width} px: smallest chart text {min(sizes):.2f} px, largest {max(sizes):.2f}"
