"""Development settings: build with `make html`, preview with `make serve`."""

from pathlib import Path

HERE = Path(__file__).parent

SITENAME = "Coventry social care caseloads"
SITE_DESCRIPTION = (
    "Coventry City Council's published social care caseload figures, as accessible pages "
    "with charts, tables and downloadable data."
)
# The site's public address, without a trailing slash: every address that leaves the site (embed snippets,
# citations, JSON-LD, Open Graph, feeds, the sitemap, the data package) starts from it. None in a preview:
# they use the placeholder http://127.0.0.1:8000 and say so. publishconf.py takes it from the environment.
TRANSPARENCY_PUBLIC_URL = None
# Links between pages stay relative (the site works under any sub-path); Pelican's feeds take their
# absolute addresses from SITEURL and FEED_DOMAIN, the public address, or in a preview its placeholder.
SITEURL = "http://127.0.0.1:8000"
RELATIVE_URLS = True
AUTHOR = "Coventry City Council"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DATE_FORMATS = {"en-GB": "%-d %B %Y"}
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# The council whose figures the site publishes. Colours meet WCAG 2.2 AA contrast
# with white text on the brand colour and as link text on white (tested).
COUNCIL_NAME = "Coventry City Council"
COUNCIL_COLOURS = {
    "brand": "#1d4f7a",
    "brand_text": "#ffffff",
    "link": "#1d4f7a",
    "link_visited": "#4c2c92",
    "focus": "#ffdd00",
}

PATH = str(HERE / "content")
THEME = str(HERE / "theme")
OUTPUT_PATH = str(HERE / "output")
STATIC_PATHS = []
PAGE_PATHS = ["pages"]
# Articles are read from the folders of TRANSPARENCY_KINDS below, one per kind of publication.

PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = ["transparency"]
TRANSPARENCY_DATA_PATH = str(HERE / "data")
TRANSPARENCY_CHART_STYLE = {"colour": COUNCIL_COLOURS["brand"]}
# The kinds of publication the site carries: each one's category, its name in a sentence and the folder
# of content/ its articles live in (None: its figures are compared, it has no page of its own).
TRANSPARENCY_KINDS = {
    "audit": {"category": "Caseload audits", "name": "audit", "folder": "audits"},
    "foi-response": {"category": "FOI responses", "name": "FOI response", "folder": "foi"},
    "survey": {"category": "Staff surveys", "name": "survey", "folder": "surveys"},
    "official-statistics": {"category": "Official statistics", "name": "release", "folder": None},
}

# Stable URLs: a publication lives at publications/<its id>/.
ARTICLE_URL = "publications/{slug}/"
ARTICLE_SAVE_AS = "publications/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "publications/{slug}/"
CATEGORY_SAVE_AS = "publications/{slug}/index.html"
INDEX_URL = "publications/"
INDEX_SAVE_AS = "publications/index.html"
DIRECT_TEMPLATES = ["index"]
MENU_PAGES = ["caseloads-over-time", "about", "reuse", "accessibility", "contact"]
FOOTER_PAGES = ["accessibility", "reuse", "contact", "about"]
# Pages the site has no use for.
TAG_SAVE_AS = TAGS_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = None

# Every template escapes what it prints: text from data/ and content is text, never markup. Pelican's own
# defaults plus autoescape; a template marks with |safe only HTML the build made itself (see theme/templates).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

FEED_DOMAIN = SITEURL
# The licence of the site's own work (charts, headlines, descriptions, the team mapping), shown on /reuse/ and
# in the data package; the figures keep their sources' terms.
TRANSPARENCY_SITE_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# The place the figures cover, for the catalogue's JSON-LD where a table's rows do not name one.
TRANSPARENCY_AREA = "Coventry"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = CATEGORY_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
