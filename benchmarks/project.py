"""What the benchmark takes from the project and its plugin, in one place.

The settings of the synthetic site are the project's own (`pelicanconf.py`: theme, plugin, kinds of
publication), pointed at the synthetic folder; the plain Pelican baseline gives each article the front matter
the plugin would give it.
"""

import importlib.util
from pathlib import Path

from plugins.transparency import settings as plugin_settings

ROOT = Path(__file__).resolve().parent.parent


def publication_kinds() -> dict[str, dict]:
    """Each kind of publication's category and content folder, from the project's settings as the plugin
    reads them (TRANSPARENCY_KINDS, or the plugin's default)."""
    spec = importlib.util.spec_from_file_location("project_pelicanconf", ROOT / "pelicanconf.py")
    project = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(project)
    return plugin_settings.publication_kinds(vars(project))


def front_matter(publication: dict, kinds: dict[str, dict]) -> str:
    """The title, date, category and slug the plugin gives a publication's page, for the plain baseline.

    The one copy here of the rules of plugins/transparency/reader.py, add_publication_metadata, which works
    on the loaded build's objects and so cannot be called from here: title = the publication's title,
    slug = its id, date = first_published (the site's own date), category = its kind's category. (The plugin
    also sets "modified" from the newest update; the synthetic publications have none.)
    tests/test_bench.py checks that both builds give each article the same title, date and category.
    """
    return (
        f"Title: {publication['title']}\nDate: {publication['first_published']}\n"
        f"Category: {kinds[publication['kind']]['category']}\nSlug: {publication['id']}\n"
    )


def plain_article(publication: dict, summary: str, body: str, values: dict[str, str], kinds: dict) -> str:
    """An article as a plain Pelican site needs it: the front matter the plugin would give it, each value
    shortcode replaced by its figure as text (values: the text of each shortcode), no charts."""
    for shortcode, text in values.items():
        body = body.replace(shortcode, text)
    body = "\n\n".join(part for part in body.split("\n\n") if not part.startswith("{{ chart "))
    return f"{front_matter(publication, kinds)}Summary: {summary}\n\n{body}\n"


SETTINGS = '''"""Settings of the benchmark's synthetic site: the project's own, pointed at this folder."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("project_pelicanconf", {project_conf!r})
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
globals().update({{name: value for name, value in vars(_project).items() if name.isupper()}})
HERE = Path(__file__).parent

SITENAME = "England social care caseloads (synthetic benchmark)"
COUNCIL_NAME = "Every English council"
PATH = str(HERE / {content!r})
TRANSPARENCY_DATA_PATH = str(HERE / "data")
TRANSPARENCY_CACHE_PATH = str(HERE / "cache")
'''
PLAIN = """
# Plain Pelican: no plugin, so no data, charts or publication objects; the theme's references to a
# publication render empty instead of failing. The theme takes addresses from the plugin's URL scheme (the
# Jinja global `urls` the plugin adds): the plain site gets that module alone, read from its file.
from jinja2 import ChainableUndefined
from pelican.settings import DEFAULT_CONFIG

_spec = importlib.util.spec_from_file_location("transparency_urls", {urls!r})
_urls = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_urls)
PLUGINS = []
JINJA_ENVIRONMENT = {{**DEFAULT_CONFIG["JINJA_ENVIRONMENT"], "undefined": ChainableUndefined}}
JINJA_GLOBALS = {{"urls": _urls}}
"""


def write_settings(root: Path) -> None:
    """benchconf.py (the site with the plugin, from content/) and plainconf.py (without, from
    content-plain/)."""
    conf = str(ROOT / "pelicanconf.py")
    (root / "benchconf.py").write_text(
        SETTINGS.format(project_conf=conf, content="content"), encoding="utf-8"
    )
    urls = str(ROOT / "plugins" / "transparency" / "urls.py")
    plain = SETTINGS.format(project_conf=conf, content="content-plain") + PLAIN.format(urls=urls)
    (root / "plainconf.py").write_text(plain, encoding="utf-8")
