"""Interactive charts, shared by the checks of every chart page (tests/browser/test_pages.py) and
tests/browser/test_interactive.py: Vega draws the same chart with tooltips under the site's
Content-Security-Policy (the test server sends default-src 'self')."""

import re

from .accessibility import axe_violations
from .charts import CHART_COLOURS, contrast

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


def every_chart_redraws_with_tooltips_under_the_sites_policy(seen, chart_path):
    """From the page as loaded, in the colour scheme it was opened in; everything it logged or asked for since."""
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
    # Only the redrawn charts: the rest of the page is as it was when the page's own axe runs checked it.
    assert axe_violations(page, within=".chart-interactive") == []
    assert seen.console_errors == [] and seen.foreign_requests == [] and seen.failed_requests == []
