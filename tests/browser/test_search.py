"""Site search: Pagefind finds a team's page, and without JavaScript the search page says what it needs."""

from urllib.parse import urljoin

import pytest
import yaml
from site_build import ROOT

from .accessibility import axe_violations
from .conftest import every_page

TEAM = "Locality Integrated Team South"  # named only in the 2024/25 audit
AUDIT = "asc-caseload-audit-2024-25"
TITLE = next(
    entry["title"]
    for entry in yaml.safe_load((ROOT / "data" / "publications.yaml").read_text(encoding="utf-8"))[
        "publications"
    ]
    if entry["id"] == AUDIT
)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_searching_for_a_team_finds_its_audit_page(visit, base_url, color_scheme):
    seen = visit("search/", color_scheme=color_scheme)
    page = seen.page
    search_box = page.get_by_role("searchbox").or_(page.get_by_role("textbox")).first
    search_box.fill(TEAM)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    found = [urljoin(page.url, link.get_attribute("href")) for link in results.all()]
    assert base_url + "publications/asc-caseload-audit-2024-25/" in found
    assert axe_violations(page) == []
    assert seen.console_errors == [] and seen.foreign_requests == [] and seen.failed_requests == []
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(base_url + "publications/asc-caseload-audit-2024-25/")


def test_without_javascript_the_search_page_says_search_needs_it(visit):
    page = visit("search/", java_script_enabled=False).page
    # Playwright's text locators skip <noscript>, so find the message by its class and read it.
    message = page.locator(".search-needs-javascript")
    assert message.is_visible() and message.inner_text().startswith("Search needs JavaScript")
    assert message.locator("a").is_visible()


def test_every_page_but_the_embeds_and_search_itself_is_in_the_index(visit):
    page = visit("search/").page
    indexed = page.evaluate(
        """async () => {
          const pagefind = await import("../pagefind/pagefind.js");
          const everything = await pagefind.search(null);
          return Promise.all(everything.results.map(async (result) => (await result.data()).url));
        }"""
    )
    expected = [f"/{path}" for path in every_page() if not path.endswith("/embed/") and path != "search/"]
    assert sorted(indexed) == sorted(expected)
