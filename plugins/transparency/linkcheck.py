"""Check that every internal link and anchor of a built site resolves, and none starts at the server root.

Run by `make check` as `python -m plugins.transparency.linkcheck output`. Links to other hosts are not
followed. A link from the server root ("/feeds/...") works only where the site is served from a domain's
root, so it is reported too: the site must work under a sub-path and opened as plain files.
"""

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Problem, did_you_mean

LINK_ATTRIBUTES = {"href", "src"}
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:", "//")


@dataclass
class Page:
    """What a page offers (its ids) and what it points to (each link with its line)."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in LINK_ATTRIBUTES and tag not in ("base",):
                self.page.links.append((self.getpos()[0], value))


def read_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def check_site(site: Path) -> tuple[list[Problem], int, int]:
    """Every broken internal link or anchor, with the number of pages and links checked."""
    site = site.resolve()
    files = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    pages = {name: read_page(site / name) for name in sorted(files) if name.endswith(".html")}
    found: dict[tuple[str, str, str], list[str]] = {}  # each broken link once, with every place it is
    links = 0
    for name, page in pages.items():
        for line, link in page.links:
            if link.strip().lower().startswith(EXTERNAL):
                continue
            links += 1
            problem = check_link(site, name, link, pages, files)
            if problem:
                found.setdefault(problem, []).append(f"{site.name}/{name}, line {line}")
    problems = [
        Problem(places[0], what + more_places(len(places) - 1), *rest)
        for (what, *rest), places in found.items()
    ]
    return problems, len(pages), links


def more_places(count: int) -> str:
    return f" (and in {count} more place{'s' if count > 1 else ''})" if count else ""


def check_link(
    site: Path, page: str, link: str, pages: dict[str, Page], files: set[str]
) -> tuple[str, str, str] | None:
    """(what, expected, hint) when the link does not resolve inside the site, else None."""
    parts = urlsplit(link)
    if parts.path.startswith("/"):
        return (
            f'links to "{link}" from the server root, which breaks under a sub-path or opened as files',
            "a relative link, e.g. from SITEURL with RELATIVE_URLS",
            "",
        )
    target = (site / page).parent / unquote(parts.path) if parts.path else site / page
    target = target.resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    if not target.is_relative_to(site):
        return f'links to "{link}", which is outside the site', "a link within the built site", ""
    name = target.relative_to(site).as_posix()
    if name not in files:
        return f'links to "{link}", which does not exist', f"a file in {site.name}/", ""
    if parts.fragment and name in pages and parts.fragment not in pages[name].ids:
        return (
            f'links to "{link}", but that page has no id "{parts.fragment}"',
            "an id on the page linked to",
            did_you_mean(parts.fragment, pages[name].ids) if pages[name].ids else "",
        )
    return None


def main(argv: list[str] | None = None) -> int:
    site = Path((argv or sys.argv[1:] or ["output"])[0])
    problems, pages, links = check_site(site)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken internal links or anchors in {pages} pages")
        return 1
    print(f"Checked {links} internal links and anchors in {pages} pages: all resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
