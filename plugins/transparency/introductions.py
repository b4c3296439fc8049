"""The optional Markdown introductions of page sets: content/page-sets/<set id>/index.md for the set's index
and <page slug>.md for one page, read like other content (checked text, the data shortcodes)."""

from pathlib import Path

from markdown import Markdown

from . import urls
from .build import Build
from .errors import Problem, did_you_mean, shown
from .markdown_ext import FiguresExtension
from .text import check_text

FOLDER = "page-sets"  # in content/


def read_introductions(settings: dict, build: Build) -> dict[str, str]:
    """Each introduction as HTML, by the address of the page it introduces. A file or folder that names no
    set or page is a problem (a misspelt slug would otherwise vanish unseen)."""
    folder = Path(settings["PATH"]) / FOLDER
    if not folder.is_dir():
        return {}
    sets = build.data.page_sets
    found = {}
    for path in sorted(folder.iterdir()):
        page_set = sets.get(path.name)
        if page_set is None or not path.is_dir():
            build.problems.append(
                Problem(
                    shown(path),
                    "is not the folder of a page set",
                    f"a folder named after a set of {FOLDER}.yaml: " + ", ".join(sets)
                    if sets
                    else "no such folder",
                    did_you_mean(path.name, sets),
                )
            )
            continue
        pages = {"index": page_set.url} | {
            p.url.removeprefix(page_set.url).strip("/"): p.url for p in page_set.pages
        }
        for file in sorted(path.iterdir()):
            if file.suffix != ".md" or file.stem not in pages:
                build.problems.append(
                    Problem(
                        shown(file),
                        f'introduces no page of the set "{page_set.id}"',
                        "index.md, or a page's slug followed by .md, e.g. " + f"{list(pages)[-1]}.md",
                        did_you_mean(file.stem, pages),
                    )
                )
                continue
            found[pages[file.stem]] = introduction(settings, build, file, pages[file.stem])
    return found


def introduction(settings: dict, build: Build, path: Path, url: str) -> str:
    source = shown(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        check_text(f"{source}, line {number}", line, build.problems)
    config = settings["MARKDOWN"]
    # The same Markdown as Pelican's pages: its extensions and their settings, and the data shortcodes.
    names = list(dict.fromkeys([*config.get("extensions", []), *config.get("extension_configs", {})]))
    markdown = Markdown(
        extensions=[*names, FiguresExtension(build, source)],
        extension_configs=config.get("extension_configs", {}),
        output_format=config.get("output_format", "html5"),
    )
    html = markdown.convert(text)
    return urls.resolve(html, url, relative=bool(settings.get("RELATIVE_URLS")), siteurl=settings["SITEURL"])
