"""A page set's index table sorts by any column from a button in its heading, says its order to screen
readers (aria-sort), and keeps its buttons in sight on a phone; without JavaScript it is a plain table."""

from .layout import HORIZONTAL_SCROLL

INDEX = "services/"
PHONE = {"width": 320, "height": 640}


def figures_in_order(page) -> list[float]:
    return [
        float(v)
        for v in page.eval_on_selector_all(
            "table.sortable tbody td:nth-of-type(1)", "els => els.map(e => e.dataset.value)"
        )
    ]


def names_in_order(page) -> list[str]:
    return page.eval_on_selector_all("table.sortable tbody th", "els => els.map(e => e.textContent.trim())")


def test_a_heading_button_sorts_by_its_column_both_ways_and_says_so(visit):
    seen = visit(INDEX)
    page = seen.page
    button = page.get_by_role("button", name="Latest average caseload")
    button.click()
    assert figures_in_order(page) == sorted(figures_in_order(page))
    heading = page.locator("table.sortable thead th").nth(1)
    assert heading.get_attribute("aria-sort") == "ascending"
    button.press("Enter")  # from the keyboard too
    assert figures_in_order(page) == sorted(figures_in_order(page), reverse=True)
    assert heading.get_attribute("aria-sort") == "descending"
    page.get_by_role("button", name="Service").click()
    names = names_in_order(page)
    assert names == sorted(names, key=str.lower)
    assert heading.get_attribute("aria-sort") is None
    assert seen.console_errors == [] and seen.foreign_requests == []


def test_on_a_phone_every_sort_button_is_in_sight(visit):
    page = visit(INDEX, viewport=PHONE).page
    buttons = page.locator("table.sortable thead button")
    assert buttons.count() == page.locator("table.sortable thead th").count()
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert (
            box and box["width"] > 1 and box["height"] > 1 and 0 <= box["x"] <= PHONE["width"] - box["width"]
        )
    assert not page.evaluate(HORIZONTAL_SCROLL)


def test_without_javascript_the_table_is_plain(visit):
    page = visit(INDEX, java_script_enabled=False).page
    assert page.locator("table.sortable thead button").count() == 0
    assert page.locator("table.sortable tbody tr").count() >= 1
