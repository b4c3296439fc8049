"""Checks run on every page (tests/browser/test_pages.py): the WCAG 2.2 A and AA rules axe-core checks, in light
and dark mode and on a phone, and every link and control reachable from the keyboard with a visible focus."""

from importlib.resources import files

from .views import show_as

# axe-core's own build, as shipped in the axe-playwright-python wheel: injected from disk, never fetched.
AXE_SOURCE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, within: str | None = None) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page (or only in the elements `within` selects), one line
    per rule with the elements that break it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the test harness, not added as a <script>: the site's policy rightly refuses inline scripts.
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        """async ([tags, within]) => await axe.run(within ? {include: [[within]]} : document,
             {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [WCAG_22_AA, within],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
    ]


def axe_finds_no_wcag_violations_in_light_and_dark_mode_and_on_a_phone(page, cdp):
    """From the page as loaded (1280 x 720, light): light, then dark, then light again 320 px wide."""
    found = {"light": axe_violations(page)}
    page.emulate_media(color_scheme="dark")
    found["dark"] = axe_violations(page)
    page.emulate_media(color_scheme="light")
    show_as(cdp, 320, 640)
    found["320px wide"] = axe_violations(page)
    assert found == {"light": [], "dark": [], "320px wide": []}


# What the browser shows of an element's focus: compared with and without focus, so a change must be visible.
FOCUS_STYLE = """(element) => {
  const style = getComputedStyle(element);
  return {
    outline: style.outlineStyle === "none" ? "none" : `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    background: style.backgroundColor,
    colour: style.color,
  };
}"""

# Everything a keyboard user should be able to reach: rendered, enabled, not taken out of the tab order.
REACHABLE = (
    """() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, '
    + '[tabindex], [contenteditable="true"], [contenteditable=""]';
  const focusStyle = FOCUS_STYLE;
  return [...document.querySelectorAll(selector)]
    .filter((element) => !element.disabled && element.tabIndex >= 0 && element.checkVisibility({visibilityProperty: true}))
    .filter((element) => !element.closest("[inert]"))
    .map((element, index) => {
      element.dataset.keyboardCheck = index;
      return {index, name: element.outerHTML.slice(0, 120), style: focusStyle(element)};
    });
}"""
).replace("FOCUS_STYLE", FOCUS_STYLE)

FOCUSED = (
    """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const focusStyle = FOCUS_STYLE;
  const box = element.getBoundingClientRect();
  return {
    index: element.dataset.keyboardCheck === undefined ? null : Number(element.dataset.keyboardCheck),
    name: element.outerHTML.slice(0, 120),
    style: focusStyle(element),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""
).replace("FOCUS_STYLE", FOCUS_STYLE)


def focus_is_visible(focused: dict, unfocused: dict | None) -> bool:
    """A focus indicator of 2px or more (outline or box shadow) that the element does not show unfocused."""
    style = focused["style"]
    indicator = (style["outline"] != "none" and style["outlineWidth"] >= 2) or style["boxShadow"] != "none"
    return indicator and (unfocused is None or style != unfocused)


def every_link_and_control_is_reachable_by_tab_with_a_visible_focus(page):
    """From the top of the page, with nothing focused yet."""
    reachable = {element["index"]: element for element in page.evaluate(REACHABLE)}
    reached, problems = set(), []
    for _ in range(2 * len(reachable) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:  # past the last control, focus goes back to the page itself
            if reached:
                break
            continue
        if focused["index"] in reached:
            break
        reached.add(focused["index"])
        unfocused = reachable.get(focused["index"], {}).get("style")
        if not focus_is_visible(focused, unfocused):
            problems.append(f"no visible focus: {focused['name']} {focused['style']}")
        if not focused["onScreen"]:
            problems.append(f"focused but off screen: {focused['name']}")
    missed = [element["name"] for index, element in reachable.items() if index not in reached]
    assert missed == [], "not reachable by Tab"
    assert problems == []
