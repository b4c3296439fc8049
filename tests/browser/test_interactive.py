"""Interactive charts: Vega loads only when a reader asks, works from the keyboard and on a phone, and if it fails
the static chart stays. That every chart redraws with tooltips, in light and dark mode, is checked with the other
checks of each chart page (tests/browser/test_pages.py)."""

import pytest

from .interactive import BUTTON, MARKS, make_interactive, scripts_asked_for
from .layout import HORIZONTAL_SCROLL

AUDIT = "publications/asc-caseload-audit-2024-25/"


def test_vega_is_not_loaded_until_a_reader_asks(visit):
    seen = visit(AUDIT)
    seen.page.wait_for_load_state("networkidle")
    assert seen.page.locator("script[src$='charts.js'][defer]").count() == 1
    assert "vega.js" not in scripts_asked_for(seen)
    figures = seen.page.locator("figure[data-spec]")
    assert figures.count() >= 1
    assert seen.page.get_by_role("button", name=BUTTON).count() == figures.count()
    make_interactive(seen.page)
    assert scripts_asked_for(seen).count("vega.js") == 1  # once, however many charts


def test_pages_without_charts_load_no_chart_script(visit):
    seen = visit("about/")
    seen.page.wait_for_load_state("networkidle")
    assert scripts_asked_for(seen) == []


@pytest.mark.parametrize("page_path", [AUDIT, "caseloads-over-time/"])
def test_from_the_keyboard_arrow_keys_step_through_the_figures_and_say_them(visit, page_path):
    seen = visit(page_path)
    page = seen.page
    figure = page.locator("figure[data-spec]").first
    button = figure.get_by_role("button", name=BUTTON)
    button.focus()
    page.keyboard.press("Enter")
    chart = figure.locator(".chart-interactive")
    chart.wait_for()
    assert chart.evaluate(
        "(chart) => chart === document.activeElement"
    )  # focus kept, not lost with the button
    assert chart.get_attribute("role") == "group" and chart.get_attribute("tabindex") == "0"
    style = chart.evaluate(
        "(chart) => getComputedStyle(chart).outlineStyle + ' ' + getComputedStyle(chart).outlineWidth"
    )
    assert style == "solid 3px"
    table = [row.split("\t") for row in figure.locator("table.figure-table tbody").inner_text().splitlines()]
    marks = figure.locator(MARKS)
    status = figure.locator("[role=status]")
    tooltip = page.locator("#vg-tooltip-element")
    for key, index in (
        ("ArrowRight", 0),
        ("ArrowRight", 1),
        ("End", marks.count() - 1),
        ("ArrowLeft", marks.count() - 2),
    ):
        page.keyboard.press(key)
        assert tooltip.evaluate("(el) => el.classList.contains('visible')"), key
        assert marks.nth(index).evaluate("(mark) => mark.classList.contains('chart-mark-selected')"), key
        said = status.inner_text()
        # The status line, read out by screen readers, gives what the tooltip shows: a row of the table.
        assert any(all(cell in said for cell in row if cell) for row in table), said
        assert said == ", ".join(
            ": ".join(cell.inner_text() for cell in row.locator("td").all())
            for row in tooltip.locator("tr").all()
        )
    page.keyboard.press("Escape")
    assert not tooltip.evaluate("(el) => el.classList.contains('visible')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")  # leaving the chart hides its tooltip
    assert not tooltip.evaluate("(el) => el.classList.contains('visible')")
    assert seen.console_errors == []


@pytest.mark.parametrize("page_path", [AUDIT, "caseloads-over-time/"])
def test_on_a_phone_a_tap_shows_a_marks_figures_inside_the_screen(visit, page_path):
    page = visit(page_path, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).page
    make_interactive(page, touch=True)
    assert page.evaluate(HORIZONTAL_SCROLL) <= 0
    for svg in page.locator(".chart-interactive svg").all():
        assert svg.bounding_box()["width"] <= 320
    page.locator(MARKS).first.tap()
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for()
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_if_vega_fails_to_load_the_static_chart_stays_and_the_reader_is_told(visit):
    seen = visit(AUDIT)
    page = seen.page
    page.route("**/vega.js", lambda route: route.abort())
    figure = page.locator("figure[data-spec]").first
    before = figure.locator(".chart").inner_html()
    figure.get_by_role("button", name=BUTTON).click()
    status = figure.locator("[role=status]")
    status.filter(has_text="could not be loaded").wait_for()
    assert figure.locator(".chart").inner_html() == before
    assert figure.get_by_role("button", name=BUTTON).is_enabled()  # a reader may try again
    assert page.locator(".chart-interactive").count() == 0
    page.unroute("**/vega.js")
    figure.get_by_role("button", name=BUTTON).click()
    page.locator(".chart-interactive").wait_for()


def test_without_javascript_there_is_no_button_that_cannot_work(visit):
    page = visit(AUDIT, java_script_enabled=False).page
    assert page.get_by_role("button").count() == 0
    assert page.locator("figure[data-spec] svg").count() >= 1
