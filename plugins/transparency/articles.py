"""Check that every publication has exactly one article, in the content folder of its kind."""

from collections import defaultdict
from pathlib import Path

from .errors import Problem, shown
from .load import PUBLICATIONS
from .model import Publication, SiteData
from .settings import data_path, publication_kinds


def article_problems(settings: dict, data: SiteData, articles) -> list[Problem]:
    """Every publication has exactly one article, unless its entry says it has none (article: false)."""
    by_publication = defaultdict(list)
    problems = []
    kinds = publication_kinds(settings)
    for article in articles:
        if isinstance(getattr(article, "publication", None), Publication):
            by_publication[article.publication.id].append(shown(article.source_path))
            folder = Path(settings["PATH"]) / (kinds[article.publication.kind]["folder"] or "")
            if not Path(article.source_path).is_relative_to(folder):
                problems.append(
                    Problem(
                        shown(article.source_path),
                        f"is the article of the {kinds[article.publication.kind]['name']} "
                        f'"{article.publication.id}", but is not in {shown(folder)}/',
                        "the articles of each kind of publication in its own folder (TRANSPARENCY_KINDS)",
                        f"move it to {shown(folder)}/",
                    )
                )
    folders = ", ".join(f"{shown(Path(settings['PATH']) / folder)}/" for folder in settings["ARTICLE_PATHS"])
    for publication in data.publications.values():
        where = f'{shown(data_path(settings) / PUBLICATIONS)}, publication "{publication.id}"'
        found = sorted(by_publication.get(publication.id, ()))
        if len(found) > 1:
            problems.append(
                Problem(
                    where,
                    "has " + str(len(found)) + " articles: " + ", ".join(found),
                    "one article per publication",
                    "delete or merge all but one",
                )
            )
        elif publication.has_article and not found:
            stray = stray_articles(settings, publication.id)
            problems.append(
                Problem(
                    where,
                    "has no article",
                    f'a Markdown file with "Publication: {publication.id}" in {folders}, '
                    'or "article: false" in its entry if the site gives it no page',
                    f"{stray} is in a folder the site does not read: move it" if stray else "",
                )
            )
        elif found and not publication.has_article:
            problems.append(
                Problem(where, f'says "article: false" but has the article {found[0]}', "one or the other")
            )
    return problems


def stray_articles(settings: dict, publication_id: str) -> str:
    """A Markdown file naming the publication outside the folders Pelican reads articles from."""
    content = Path(settings["PATH"])
    read = [content / folder for folder in settings["ARTICLE_PATHS"]]
    for path in sorted(content.rglob("*.md")):
        if any(path.is_relative_to(folder) for folder in read):
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        if f"Publication: {publication_id}" in head:
            return shown(path)
    return ""
