"""Citations and re-use terms for charts and datasets, from their publications' metadata."""

from .model import Publication

NO_TERMS = "The source states no re-use terms; ask its publisher before re-using its figures."


def cite(title: str, kind: str, publications: tuple[Publication, ...], url: str) -> str:
    """A reference a journalist can paste: who, when, what, where from, where to find it."""
    first = publications[0]
    year = str(first.published.year) if first.published else "n.d."
    sources = "; ".join(source_text(publication) for publication in publications)
    return f"{first.publisher} ({year}). {title} [{kind}]. From: {sources}. Available at: {url}"


def source_text(publication: Publication) -> str:
    text = publication.title
    if publication.reference and publication.reference not in text:
        text += f", reference {publication.reference}"
    if publication.published:
        text += f", published {publication.published.day} {publication.published:%B %Y}"
    return text + f", covering {publication.period.label}"


def reuse_terms(publications: tuple[Publication, ...]) -> list[tuple[Publication, str]]:
    return [(publication, publication.reuse_terms or NO_TERMS) for publication in publications]
