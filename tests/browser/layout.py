"""Checks run on every page (tests/browser/test_pages.py): it loads cleanly from the site alone, reflows on a
phone, at 400% zoom and with text at 200%, and prints."""

from .charts import contrast
from .views import DEFAULT_FONT_SIZES, show_as

# Chromium asks every site for /favicon.ico; the site declares none, so that one miss is not an error.
BROWSER_OWN_REQUESTS = ("/favicon.ico",)

# Elements holding text that sticks out of the viewport, ignoring what sits in a box that scrolls on its
# own (data tables may scroll sideways: WCAG 1.4.10 allows it) and what is parked off screen on purpose
# (the skip link until it has focus).
TEXT_OUTSIDE_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && parent !== document.documentElement && parent !== document.body) return true;
    }
    return false;
  };
  const outside = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("svg") || !element.checkVisibility({visibilityProperty: true})) continue;
    const hasText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!hasText && element.tagName !== "svg" && element.tagName !== "IMG") continue;
    const box = element.getBoundingClientRect();
    if (box.right <= 0 || scrollsSideways(element)) continue;
    if (box.left < -1 || box.right > width + 1) outside.push(`${element.tagName.toLowerCase()}: ${element.textContent.trim().slice(0, 60)} (${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
  }
  return outside;
}"""

HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def page_loads_without_errors_and_asks_nothing_of_other_hosts(seen):
    """Once the network has been idle for 500 ms since the page loaded (by now, usually long since)."""
    seen.page.wait_for_load_state("networkidle")
    assert seen.console_errors == []
    assert seen.foreign_requests == []
    assert [failed for failed in seen.failed_requests if not failed.endswith(BROWSER_OWN_REQUESTS)] == []


# How a phone opens a page: a context of its own (see views.show_as).
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


def no_horizontal_scrolling_at_320_css_pixels(page):
    """On the page opened as PHONE."""
    assert page.evaluate(HORIZONTAL_SCROLL) <= 0
    assert page.evaluate(TEXT_OUTSIDE_VIEWPORT) == []


def text_reflows_at_400_percent_zoom(cdp, page):
    # A 1280 x 720 window zoomed to 400% lays pages out 320 x 180 CSS pixels, each drawn 4 pixels wide.
    show_as(cdp, 320, 180, scale=4)
    assert page.evaluate("() => window.innerWidth * window.devicePixelRatio") == 1280
    assert page.evaluate(HORIZONTAL_SCROLL) <= 0
    assert page.evaluate(TEXT_OUTSIDE_VIEWPORT) == []


BODY_FONT_SIZE = "() => parseFloat(getComputedStyle(document.body).fontSize)"


def text_can_be_resized_to_200_percent_without_loss(cdp, page):
    # WCAG 1.4.4: a reader who sets the browser's text size to twice the usual (32px instead of 16px):
    # every text scales with it and the page still fits, with no horizontal scrolling.
    show_as(cdp, 640, 720)
    body_size = page.evaluate(BODY_FONT_SIZE)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    try:
        assert page.evaluate(BODY_FONT_SIZE) >= 1.9 * body_size
        assert page.evaluate(HORIZONTAL_SCROLL) <= 0
        assert page.evaluate(TEXT_OUTSIDE_VIEWPORT) == []
    finally:
        # Back to the browser's own sizes for the checks after this one.
        cdp.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
    assert page.evaluate(BODY_FONT_SIZE) == body_size, "text size not set back"


def print_layout_keeps_charts_and_tables_and_drops_the_menus(page):
    page.emulate_media(media="print", color_scheme="dark")
    assert page.locator("figure svg").first.is_visible()
    if page.locator("figure table").count():  # embeds show the chart alone
        assert page.locator("figure table").first.is_visible()
    assert not page.locator(".site-nav, .breadcrumbs, .site-footer").first.is_visible()
    # Printed from a browser in dark mode, text is still dark on white paper.
    assert contrast(page.evaluate("() => getComputedStyle(document.body).color"), "#ffffff") >= 7
