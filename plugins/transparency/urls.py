"""Where each of the plugin's pages and files lives in the site: the one place its URL scheme is written."""

import html

# Every address here is relative to the site root, without a leading slash, as Pelican writes a page's `url`.
# Templates get this module as the global `urls` (generator.generate_context, figures.make_templates),
# so no template builds an address of its own.

# Figures are drawn into content before Pelican knows the page's own URL, so their links start from this
# placeholder, replaced by the page's path to the site root once it is known (see resolve below).
SITE_ROOT = "__SITEROOT__"


def chart_page(chart_id: str) -> str:
    """A chart's own page: its figure, embed snippet and citation."""
    return f"charts/{chart_id}/"


def chart_file(chart_id: str, extension: str) -> str:
    """One of a chart's downloads, named after the chart so that it keeps its name once saved."""
    return f"{chart_page(chart_id)}{chart_id}.{extension}"


def chart_embed(chart_id: str) -> str:
    """The chart alone, for an iframe on another site."""
    return f"{chart_page(chart_id)}embed/"


def datasets_page() -> str:
    """The data catalogue."""
    return "datasets/"


def dataset_page(name: str) -> str:
    return f"{datasets_page()}{name}/"


def dataset_csv(name: str) -> str:
    return f"data/{name}.csv"


def dataset_json(name: str) -> str:
    return f"data/{name}.json"


def dataset_file(name: str, extension: str) -> str:
    """A file beside a dataset's page (its citation exports), named after the dataset."""
    return f"{dataset_page(name)}{name}.{extension}"


def all_data() -> str:
    """Every table and the data package in one zip."""
    return "data/all-data.zip"


def data_package() -> str:
    """The Frictionless Data Package describing every published table."""
    return "datapackage.json"


def site_page(slug: str) -> str:
    """A page of content/pages/, as PAGE_URL in pelicanconf.py places it."""
    return f"{slug}/"


def save_as(url: str) -> str:
    """The file that serves a page's URL."""
    return url + "index.html"


def in_content(path: str) -> str:
    """A link written into a figure placed in content, resolved once the page's URL is known."""
    return f"{SITE_ROOT}/{path}"


def root_from(url: str) -> str:
    """The relative path from the page at `url` back to the site root: "charts/x/" gives "../.."."""
    return "/".join([".."] * url.count("/")) or "."


def resolve(html_text: str, url: str, relative: bool, siteurl: str) -> str:
    """Content's figure links made to work from the page at `url`: relative, or under SITEURL."""
    root = root_from(url) if relative else html.escape(siteurl, quote=True)  # it lands inside href="..."
    return html_text.replace(SITE_ROOT, root)


# A preview build has no public address: what leaves it points at the preview server (`make serve`), and each
# page says so (PREVIEW_NOTE), so that nobody copies a placeholder out of a preview as if it were real.
PREVIEW_URL = "http://127.0.0.1:8000"
PREVIEW_NOTE = "preview address: set TRANSPARENCY_PUBLIC_URL before publishing"


def site_address(public_url: str | None) -> str:
    """The address every outward address starts from: TRANSPARENCY_PUBLIC_URL, or the preview placeholder."""
    return public_url or PREVIEW_URL


def absolute(address: str, path: str) -> str:
    """An address that leaves the site (citations, embeds, JSON-LD, sitemap): from the site's address."""
    return f"{address}/{path}" if address else f"/{path}"


def of_page(output_file: str) -> str:
    """The URL of the page Pelican writes to `output_file`: "charts/x/index.html" gives "charts/x/"."""
    return output_file.removesuffix("index.html")
