"""Every page of the site in every view a reader may use: one test per page, which loads it once and shows it
on a desktop, at several widths, at 400% zoom, with text at 200%, in dark mode and printed, running each check
of accessibility.py, layout.py, charts.py and interactive.py in turn. A failure names the page and each check.

Every page is also opened on a phone, and a chart page in dark mode and without JavaScript, as a reader's
browser would open it."""

import pytest

from . import accessibility, charts, interactive, layout
from .conftest import chart_pages
from .views import DESKTOP, Findings, back_to_desktop

# Spread over the workers one page at a time (make test runs --dist loadgroup): each takes seconds.
pytestmark = pytest.mark.spread_over_workers


def test_every_view_of_the_page(visit, path, capsys):
    findings = Findings(path)
    is_chart_page = path in chart_pages()
    seen = visit(path)
    page = seen.page
    cdp = page.context.new_cdp_session(page)

    with findings.check("axe, in light and dark mode and 320 px wide"):
        accessibility.axe_finds_no_wcag_violations_in_light_and_dark_mode_and_on_a_phone(page, cdp)
    if is_chart_page:
        for width in charts.WIDTHS:
            with findings.check(f"chart text at {width} px wide"):
                sizes = charts.chart_text_is_large_enough_and_never_cut(cdp, page, width)
                if path in charts.RECORDED:
                    line = charts.smallest_chart_text_for_the_record(path, width, sizes)
                    with capsys.disabled():
                        print(f"\n{line}")
    with findings.check("text reflows at 400% zoom"):
        layout.text_reflows_at_400_percent_zoom(cdp, page)
    with findings.check("text resized to 200% without loss"):
        layout.text_can_be_resized_to_200_percent_without_loss(cdp, page)
    back_to_desktop(page, cdp)
    if is_chart_page:
        with findings.check("chart contrast, light mode"):
            charts.chart_marks_reach_3_to_1_and_chart_text_4_5_to_1_against_the_page(page)
        with findings.check("print layout"):
            layout.print_layout_keeps_charts_and_tables_and_drops_the_menus(page)
        back_to_desktop(page, cdp)
    with findings.check(f"every link and control reachable by Tab at {DESKTOP[0]} x {DESKTOP[1]}"):
        accessibility.every_link_and_control_is_reachable_by_tab_with_a_visible_focus(page)
    with findings.check("loads without errors and asks nothing of other hosts"):
        layout.page_loads_without_errors_and_asks_nothing_of_other_hosts(seen)

    phone = visit(path, **layout.PHONE)
    with findings.check("no horizontal scrolling on a phone 320 px wide"):
        layout.no_horizontal_scrolling_at_320_css_pixels(phone.page)

    if is_chart_page:
        back_to_desktop(page, cdp)
        with findings.check("charts redraw with tooltips, light mode"):
            interactive.every_chart_redraws_with_tooltips_under_the_sites_policy(seen, path)
        dark = visit(path, color_scheme="dark")
        with findings.check("chart contrast, opened in dark mode"):
            charts.chart_marks_reach_3_to_1_and_chart_text_4_5_to_1_against_the_page(dark.page)
        with findings.check("charts redraw with tooltips, opened in dark mode"):
            interactive.every_chart_redraws_with_tooltips_under_the_sites_policy(dark, path)
        without_script = visit(path, java_script_enabled=False)
        with findings.check("charts and tables without JavaScript"):
            charts.without_javascript_every_chart_is_drawn_and_its_table_readable(without_script.page, path)
    findings.assert_none_failed()
