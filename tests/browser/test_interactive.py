"""Interactive charts: Vega loads only when a reader asks, draws the same chart with tooltips under the site's
Content-Security-Policy (the test server sends default-src 'self'), and if it fails the static chart stays."""

import re

import pytest

from .test_accessibility import axe_violations
from .test_charts import CHART_COLOURS, contrast
from .test_pages import HORIZONTAL_SCROLL

AUDIT = "publications/asc-caseload-audit-2024-25/"
BUTTON = "Make this chart interactive"
MARKS = ".chart-interactive path[aria-roledescription='bar'], .chart-interactive path[aria-roledescription='point']"


def scripts_asked_for(seen) -> list[str]:
    return [request.url.rsplit("/", 1)[1] for request in seen.requests if request.resource_type == "script"]


def make_interactive(page, touch: bool = False) -> None:
    buttons = page.get_by_role("button", name=BUTTON)
    for done in range(1, buttons.count() + 1):
        # A chart's button goes once its chart is interactive.
        buttons.first.tap() if touch else buttons.first.click()
        page.wait_for_function(
            "(count) => document.querySelectorAll('.chart-interactive').length >= count", arg=done
        )


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


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_chart_redraws_with_tooltips_under_the_sites_policy(visit, chart_path, color_scheme):
    seen = visit(chart_path, color_scheme=color_scheme)
    page = seen.page
    if "/embed/" in chart_path:
        # Embedded in other sites' pages, a chart stays static: its one script only tells a host that asks
        # how tall it is (embed-resize.js), and there is nothing to press.
        sources = [
            page.locator("script").nth(i).get_attribute("src") for i in range(page.locator("script").count())
        ]
        assert [src.rsplit("/", 1)[1] for src in sources] == ["embed-resize.js"]
        assert page.get_by_role("button").count() == 0
        return
    static = page.locator("figure[data-spec] .chart svg").evaluate_all(
        "(svgs) => svgs.map((svg) => [svg.getAttribute('role'), svg.getAttribute('aria-labelledby')])"
    )
    make_interactive(page)
    figures = page.locator("figure[data-spec]")
    assert page.locator(".chart-interactive svg").count() == figures.count() == len(static)
    redrawn = page.locator(".chart-interactive svg").evaluate_all(
        "(svgs) => svgs.map((svg) => [svg.getAttribute('role'), svg.getAttribute('aria-labelledby')])"
    )
    assert redrawn == static  # named by the figure's title, as before
    for number in range(figures.count()):
        figure = figures.nth(number)
        table = figure.locator("table.figure-table tbody").inner_text()
        figure.locator(MARKS).first.hover()
        tooltip = page.locator("#vg-tooltip-element.visible")
        tooltip.wait_for()
        shown = tooltip.inner_text()
        # The tooltip names the mark and gives its figure as published, which the table shows too.
        figure_text = shown.strip().splitlines()[-1].split("\t")[-1]
        assert re.fullmatch(r"-?[\d,.]+%?", figure_text), shown
        assert figure_text in table, shown
        assert (
            contrast(
                tooltip.evaluate("(el) => getComputedStyle(el).color"),
                tooltip.evaluate("(el) => getComputedStyle(el).backgroundColor"),
            )
            >= 4.5
        )
        page.keyboard.press("Escape")
        assert page.locator("#vg-tooltip-element.visible").count() == 0
    for colours in page.evaluate(CHART_COLOURS):
        assert contrast(colours["colour"], colours["behind"]) >= (3 if colours["kind"] == "mark" else 4.5)
    assert axe_violations(page) == []
    assert seen.console_errors == [] and seen.foreign_requests == [] and seen.failed_requests == []


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
