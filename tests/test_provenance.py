"""Whose words: on each publication page the council's words are quoted, complete and in order, and only them.

Built from the real content and data, then read against the source documents in tests/fixtures/sources/
(copies of ../shared/sources/). Every expected sentence comes from those files, never from the site's code.

What the pages are held to:
- (a) every sentence inside a `<blockquote>` of a publication page's body is a sentence of that publication's
  source text (its own part of the source document);
- (b) every sentence of that source text is quoted on the page, in the source's order; the lists of figures
  are the one exception: they are shown as charts, so each listed figure must be a row of the table of the
  chart placed right after the quote that ends with the list's lead-in sentence;
- the site's own words, outside the quotes, never speak as the council ("we", "our", "us").
"""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from site_build import page

SOURCES = Path(__file__).parent / "fixtures" / "sources"
AUDITS = "asc-caseload-audits.txt"
FOI = "foi-485106426.txt"

# How the audits source separates its parts: each write-up starts with its title line, and the
# write-ups are followed by the council's Adult Social Care Direct contact block.
PART_STARTS = {
    AUDITS: (
        "Adult Social Care Caseload and Workload Audit 2024 to 2025",
        "Adult Social Care Caseload and Workload Audit 2023 to 2024",
        "Adult Social Care Caseload and Workload Audit 2019 to 2020",
        "Adult Social Care Direct",
    ),
    FOI: (),  # one letter with its attached table: the whole file is one part
}
CONTACT = "Adult Social Care Direct"

# Publication id -> (fixture file, the parts of it that its page quotes, in this order; None: the whole file).
# The contact block follows all three write-ups in the source, so each audit page quotes it after its own.
PUBLICATIONS = {
    "asc-caseload-audit-2024-25": (AUDITS, (PART_STARTS[AUDITS][0], CONTACT)),
    "asc-caseload-audit-2023-24": (AUDITS, (PART_STARTS[AUDITS][1], CONTACT)),
    "asc-caseload-audit-2019-20": (AUDITS, (PART_STARTS[AUDITS][2], CONTACT)),
    "foi-485106426": (FOI, None),
}

# The source sentences that introduce a list of figures ("- <label> [average] [-] <figure>" lines).
FIGURE_LEAD_INS = (
    "Overview by professional role;",
    "Overview of caseloads in key service areas;",
    "Please see below:",
)
LISTED_FIGURE = re.compile(r"^- (?P<label>.+?)(?: average)?(?: -)? (?P<figure>\d+(?:\.\d+)?)$")

# How the source files write what a page shows differently, each applied to the source text only:
SOURCE_TRANSCRIPTION = (
    # the FOI letter's links had no address ("#"): the page shows their names
    (re.compile(r"\[([^\]]+)\]\(#\)"), r"\1"),
    # the attached table's heading writes its footnote marks as ^{1,2,3}: the page uses <sup>1,2,3</sup>
    (re.compile(r"\^\{([^}]*)\}"), r"\1"),
    # a line break lost in the audits source ("Coventry City CouncilPO Box 7097"): the page keeps two lines
    (re.compile(r"Coventry City Council(?=PO Box)"), "Coventry City Council\n"),
)

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dt", "dd", "tr")
COUNCIL_VOICE = re.compile(r"\b(we|our|ours|us)\b", re.IGNORECASE)


def normalise(text: str) -> str:
    """One form for both sides: curly and straight quotes, dashes and every kind of space compare equal."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2018\u2019\u201b\u2032]", "'", text)
    text = re.sub("[\u201c\u201d\u201f\u2033]", '"', text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def sentences(line: str) -> list[str]:
    """A line's sentences, split after . ! ? ; followed by a space; a list item's "- " is not part of it."""
    line = normalise(line)
    line = re.sub(r"^- ", "", line)
    return [part for part in SENTENCE_END.split(line) if part]


@dataclass
class FigureList:
    lead_in: str  # the sentence after which the council lists the figures
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, figure) as the source writes them
    headings: list[str] = field(default_factory=list)  # a table's column headings that no quote carries


@dataclass
class SourceText:
    sentences: list[str]  # in order, the figures' lines left out
    figures: list[FigureList]


def source_lines(file_name: str) -> list[str]:
    text = (SOURCES / file_name).read_text(encoding="utf-8")
    for pattern, replacement in SOURCE_TRANSCRIPTION:
        text = pattern.sub(replacement, text)
    return text.splitlines()


def parts(file_name: str) -> dict[str | None, list[str]]:
    """The file's lines by part, keyed by each part's first line (None: lines before any part starts)."""
    found: dict[str | None, list[str]] = {None: []}
    current = None
    for line in source_lines(file_name):
        if line in PART_STARTS[file_name]:
            assert line not in found, f"{file_name}: the part {line!r} starts twice"
            current = line
            found[current] = []
        found[current].append(line)
    return found


def read_source(lines: list[str]) -> SourceText:
    """Sentences in order, and each list of figures with its lead-in, read from the source's own lines."""
    text = SourceText([], [])
    listing: FigureList | None = None
    table_heading: list[str] | None = None
    for line in lines:
        if "\t" in line:  # a table: its first row names the columns, the others are figures
            cells = [normalise(cell) for cell in line.split("\t")]
            if table_heading is None:
                table_heading = cells
                # A heading cell is quoted, or is a column heading of the chart's table; the quoted cell
                # (the longest: the one that says what the figures are) is the lead-in of the figures.
                lead_in = max(cells, key=len)
                text.sentences.append(lead_in)
                listing = FigureList(lead_in, headings=[cell for cell in cells if cell != lead_in])
                text.figures.append(listing)
            else:
                assert listing is not None
                listing.rows.append((cells[0], cells[-1]))
            continue
        if listing is not None and table_heading is None and (figure := LISTED_FIGURE.match(line.strip())):
            listing.rows.append((normalise(figure["label"]), figure["figure"]))
            continue
        line_sentences = sentences(line)
        text.sentences.extend(line_sentences)
        if line_sentences and line_sentences[-1] in FIGURE_LEAD_INS:
            listing = FigureList(line_sentences[-1])
            text.figures.append(listing)
        elif line_sentences:
            listing = None
    return text


def source_of(publication: str) -> SourceText:
    file_name, wanted = PUBLICATIONS[publication]
    by_part = parts(file_name)
    if wanted is None:
        lines = [line for part in by_part.values() for line in part]
    else:
        lines = [line for start in wanted for line in by_part[start]]
    return read_source(lines)


def quoted_lines(blockquote: Tag) -> list[str]:
    """The quotation's text, one line per paragraph, list item, heading or line break."""
    copy = BeautifulSoup(str(blockquote), "html.parser").blockquote
    for br in copy.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in copy.find_all(BLOCKS):
        block.insert_before(NavigableString("\n"))
        block.append(NavigableString("\n"))
    return copy.get_text().splitlines()


@dataclass
class Quote:
    element: Tag
    sentences: list[str]


def body_of(site: Path, publication: str) -> Tag:
    body = page(site, f"publications/{publication}/index.html").select_one("article div.publication-body")
    assert body is not None, f"{publication}: no article body (div.publication-body)"
    return body


def quotes_of(body: Tag) -> list[Quote]:
    return [
        Quote(quote, [s for line in quoted_lines(quote) for s in sentences(line)])
        for quote in body.find_all("blockquote")
    ]


def figure_table(figure: Tag) -> tuple[set[tuple[str, str]], list[str]]:
    """A chart's table: its (label, figure) rows and its column headings."""
    rows = {
        (normalise(tr.th.get_text()), normalise(tr("td")[-1].get_text()))
        for tr in figure.select("table.figure-table tbody tr")
    }
    headings = [normalise(th.get_text()) for th in figure.select("table.figure-table thead th")]
    return rows, headings


@pytest.fixture(scope="module")
def built(site) -> Path:
    """The run's one build of the real site (tests/conftest.py)."""
    return site


def test_the_audits_source_is_exactly_its_parts():
    """Nothing of the audits source falls outside a part, and every part is quoted by some page."""
    by_part = parts(AUDITS)
    assert by_part[None] == [], f"lines before the first write-up: {by_part[None]}"
    assert list(by_part) == [None, *PART_STARTS[AUDITS]]
    quoted = {start for _, wanted in PUBLICATIONS.values() if wanted for start in wanted}
    assert quoted == set(PART_STARTS[AUDITS])


def test_the_sources_list_the_figures_the_pages_chart():
    listed = {pid: [len(f.rows) for f in source_of(pid).figures] for pid in PUBLICATIONS}
    assert listed == {
        "asc-caseload-audit-2024-25": [4, 14],
        "asc-caseload-audit-2023-24": [13],
        "asc-caseload-audit-2019-20": [8],
        "foi-485106426": [8, 6],
    }


@pytest.mark.parametrize("publication", sorted(PUBLICATIONS))
def test_every_quoted_sentence_is_in_the_source(built, publication):
    allowed = set(source_of(publication).sentences)
    quotes = quotes_of(body_of(built, publication))
    assert quotes, f"{publication}: nothing on the page is quoted"
    for quote in quotes:
        for sentence in quote.sentences:
            assert sentence in allowed, (
                f"{publication}: the quoted sentence {sentence!r} is not in its source "
                f"({PUBLICATIONS[publication][0]})"
            )


@pytest.mark.parametrize("publication", sorted(PUBLICATIONS))
def test_every_source_sentence_is_quoted_in_order(built, publication):
    source = source_of(publication)
    quoted = [sentence for quote in quotes_of(body_of(built, publication)) for sentence in quote.sentences]
    position = 0
    for sentence in source.sentences:
        try:
            position = quoted.index(sentence, position) + 1
        except ValueError:
            before = quoted[position - 1] if position else "(the start of the page)"
            raise AssertionError(
                f"{publication}: the source sentence {sentence!r} is not quoted on the page after {before!r}"
                + (" (it is quoted, but earlier: out of order)" if sentence in quoted else "")
            ) from None


@pytest.mark.parametrize("publication", sorted(PUBLICATIONS))
def test_listed_figures_are_charted_where_the_source_lists_them(built, publication):
    quotes = quotes_of(body_of(built, publication))
    for listing in source_of(publication).figures:
        leading = [q for q in quotes if q.sentences and q.sentences[-1] == listing.lead_in]
        assert leading, (
            f"{publication}: no quote ends with the lead-in {listing.lead_in!r} before its figures"
        )
        quote = leading[0].element
        figure = quote.find_next(lambda tag: tag.name == "figure" and "chart-figure" in tag.get("class", []))
        assert figure is not None and figure.find_previous("blockquote") is quote, (
            f"{publication}: the quote ending {listing.lead_in!r} is not followed by the chart of its figures"
        )
        rows, headings = figure_table(figure)
        for label, value in listing.rows:
            assert (label, value) in rows, (
                f"{publication}: {label} {value} is not a row of {figure.get('id')}"
            )
        for heading in listing.headings:
            assert heading in headings, f"{publication}: the column {heading!r} is not in {figure.get('id')}"


@pytest.mark.parametrize("publication", sorted(PUBLICATIONS))
def test_the_sites_own_words_never_speak_as_the_council(built, publication):
    """Outside the quotes, the page's text is the site's: "this site", never the council's "we"."""
    for element in body_of(built, publication).find_all(["p", "h2", "h3", "h4", "ul", "ol"], recursive=False):
        text = element.get_text(" ", strip=True)
        assert not COUNCIL_VOICE.search(text), (
            f"{publication}: the site's text speaks as the council: {text!r}"
        )


@pytest.mark.parametrize("publication", sorted(PUBLICATIONS))
def test_each_page_charts_only_its_own_publications_figures(built, publication):
    """Later figures belong in the site's labelled comparisons, never in a chart of the write-up itself."""
    html = page(built, f"publications/{publication}/index.html")
    title = normalise(html.h1.get_text())
    for figure in html.select("article div.publication-body figure.chart-figure"):
        source = normalise(figure.select_one(".figure-source").get_text())
        assert title in source, (
            f"{publication}: {figure.get('id')} is not sourced to this publication: {source!r}"
        )


# The site's other pages: the source documents each may quote (none: it quotes nothing).
PAGES = {
    "index.html": (),
    "about/index.html": (AUDITS,),
    "accessibility/index.html": (),
    "caseloads-over-time/index.html": (AUDITS,),
    "contact/index.html": (FOI, AUDITS),
    "reuse/index.html": (),
    "search/index.html": (),
}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_other_pages_quote_only_the_sources(built, path):
    """A blockquote anywhere in a page's text is a source's words: never the site's own example or note."""
    allowed = {s for name in PAGES[path] for s in read_source(source_lines(name)).sentences}
    main = page(built, path).select_one("main")
    assert main is not None, path
    for quote in main.find_all("blockquote"):
        for sentence in (s for line in quoted_lines(quote) for s in sentences(line)):
            assert sentence in allowed, f"{path}: the quoted sentence {sentence!r} is not in {PAGES[path]}"
