"""Citations of the site's charts and datasets (plain text, BibTeX, RIS, CSL-JSON) and the re-use terms shown
with them."""

import json
from dataclasses import dataclass
from datetime import date

from .model import Publication
from .urls import PREVIEW_NOTE

# The site's sentence where a source states no terms, in the words of /reuse/ (content/pages/reuse.md).
NO_TERMS = (
    "The source states no re-use terms. To re-use its figures for anything other than private study, "
    "research or news reporting, ask its publisher first."
)
# The date a reader saw the page is theirs to give: a build date would change every build's bytes, and would
# say when the site was built, not when it was read.
ACCESSED = "[date]"
KINDS = {"chart": ("FIGURE", "figure", "Chart"), "table": ("FIGURE", "figure", "Table")}
DATASET = ("DATA", "dataset", "Dataset")


@dataclass(frozen=True)
class Citation:
    """What a reference to one of the site's charts or datasets says: the site made it, from these sources."""

    key: str  # the chart's id or the dataset's name
    title: str
    kind: str  # chart, table or dataset
    site: str  # the site's name: the maker and publisher of the chart
    site_url: str  # the site's address, ending in "/"
    url: str
    issued: date | None  # the site's own date for it, taken from the data so that builds repeat exactly
    sources: tuple[Publication, ...]
    preview: bool = False  # the addresses are placeholders

    @property
    def year(self) -> str:
        return str(self.issued.year) if self.issued else "n.d."

    @property
    def types(self) -> tuple[str, str, str]:
        """Its type in RIS, in CSL and in words."""
        return KINDS.get(self.kind, DATASET)


@dataclass(frozen=True)
class Terms:
    """A source's re-use terms: its own words, quoted, or the site's sentence where it states none."""

    publication: Publication
    text: str
    quoted: bool


def site_date(*dates: date | None) -> date | None:
    """The newest of the dates the data gives (a table's last_updated, a page's first_published)."""
    known = [d for d in dates if d]
    return max(known) if known else None


def source_text(publication: Publication) -> str:
    """One source of the figures: who, what, when, what it covers and where the original is."""
    text = f"{publication.publisher}, {publication.title}"
    if publication.reference and publication.reference not in publication.title:
        text += f", reference {publication.reference}"
    if publication.published:
        text += f", published {publication.published.day} {publication.published:%B %Y}"
    else:
        text += ", date not stated in the source"
    text += f", covering {publication.period.label}"
    return text + (f", {publication.url}" if publication.url else "")


def sources_text(citation: Citation) -> str:
    return "; ".join(source_text(publication) for publication in citation.sources)


def address_text(citation: Citation) -> str:
    return f"{citation.url} ({PREVIEW_NOTE})" if citation.preview else citation.url


def plain_text(citation: Citation) -> str:
    """A reference to paste, Harvard style: the site as author and publisher, the figures' source named."""
    return (
        f"{citation.site} ({citation.year}) {citation.title} [{citation.kind}]. "
        f"Published by {citation.site}, {citation.site_url}. Figures from: {sources_text(citation)}. "
        f"Available at: {address_text(citation)} (Accessed: {ACCESSED})."
    )


def one_line(text: str) -> str:
    """Text on one line: a line break inside a value would start a new field in RIS."""
    return " ".join(str(text).split())


BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def bibtex_text(text: str) -> str:
    """A value for BibTeX, where braces group and the other escaped characters are commands or comments."""
    return one_line(text).translate(BIBTEX_ESCAPES)


def note(citation: Citation) -> str:
    preview = f" ({PREVIEW_NOTE[0].upper()}{PREVIEW_NOTE[1:]}.)" if citation.preview else ""
    return f"Figures from: {sources_text(citation)}.{preview}"


def bibtex(citation: Citation) -> str:
    """A @misc entry: the site as a corporate author (double braces keep it one name), the source in a note;
    the URL is checked to hold nothing BibTeX reads as markup (settings.public_url)."""
    entries = [
        ("author", "{" + bibtex_text(citation.site) + "}"),
        ("title", "{" + bibtex_text(citation.title) + "}"),
        ("howpublished", bibtex_text(citation.types[2])),
        ("publisher", bibtex_text(citation.site)),
        ("year", citation.year),
        ("url", citation.url),
        ("note", bibtex_text(note(citation))),
    ]
    fields = ",\n".join(f"  {name} = {{{value}}}" for name, value in entries)
    return f"@misc{{{citation.key},\n{fields}\n}}\n"


def ris(citation: Citation) -> str:
    """An RIS record: a tag, two spaces, a hyphen and a space on each line, ended by ER."""
    lines = [
        ("TY", citation.types[0]),
        ("TI", citation.title),
        ("AU", citation.site),
        ("PB", citation.site),
        ("PY", citation.year),
        ("DA", citation.issued.strftime("%Y/%m/%d") if citation.issued else ""),
        ("UR", citation.url),
        ("M3", citation.types[2]),
        ("N1", note(citation)),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines if value or tag == "ER")


def csl_json(citation: Citation) -> str:
    """A CSL-JSON list of one item, as Zotero, Pandoc and citeproc read it."""
    item = {
        "id": citation.key,
        "type": citation.types[1],
        "genre": citation.types[2],
        "title": citation.title,
        "author": [{"literal": citation.site}],
        "publisher": citation.site,
        "URL": citation.url,
        "note": note(citation),
    }
    if citation.issued:
        item["issued"] = {"date-parts": [[citation.issued.year, citation.issued.month, citation.issued.day]]}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


EXPORTS = {"bib": ("BibTeX", bibtex), "ris": ("RIS", ris), "csl.json": ("CSL-JSON", csl_json)}


def exports(citation: Citation) -> dict[str, str]:
    """The citation in each format a reference manager imports, by file extension."""
    return {extension: make(citation) for extension, (_, make) in EXPORTS.items()}


def reuse_terms(publications: tuple[Publication, ...]) -> list[Terms]:
    return [
        Terms(publication, publication.reuse_terms, True)
        if publication.reuse_terms
        else Terms(publication, NO_TERMS, False)
        for publication in publications
    ]
