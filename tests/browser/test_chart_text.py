"""Chart text as a reader sees it: never under 12 CSS px from a 320 px phone up, at least 14 px on a desktop,
and no label cut (no "…", and every text inside its image)."""

import pytest

WIDTHS = (320, 375, 768, 1280)
SMALLEST = {320: 12, 375: 12, 768: 12, 1280: 14}

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


def chart_texts(visit, path: str, width: int) -> dict:
    page = visit(path, viewport={"width": width, "height": 900}).page
    return page.evaluate(CHART_TEXTS)


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_large_enough_and_never_cut(visit, chart_path, width):
    measured = chart_texts(visit, chart_path, width)
    texts = measured["texts"]
    assert texts, "no chart text found"
    too_small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < SMALLEST[width] - 0.01]
    assert too_small == [], f"smallest {min(t['size'] for t in texts):.2f} px at {width} px"
    assert [t["text"] for t in texts if "…" in t["text"]] == []
    assert [t["text"] for t in texts if not t["inside"]] == []
    # And the page itself never scrolls sideways.
    assert measured["pageWidth"] <= width


def test_smallest_chart_text_at_each_width(visit, capsys):
    """The smallest chart text on the audit page and a chart page, printed for the record (pytest -s)."""
    for path in ("publications/asc-caseload-audit-2024-25/", "charts/team-caseload-across-audits/"):
        for width in WIDTHS:
            sizes = [t["size"] for t in chart_texts(visit, path, width)["texts"]]
            with capsys.disabled():
                print(
                    f"\n{path} at {width} px: smallest chart text {min(sizes):.2f} px, largest {max(sizes):.2f}"
                )
            assert min(sizes) >= SMALLEST[width]
