"""What each of the plugin's groups of files is made from (a chart's page, embed and downloads, as
chartfiles.chart_inputs says; a table's downloads and page; the data catalogue; a page set), so that a group
whose inputs are unchanged is carried over whole from the previous build (outputs.Outputs.carry_group)
instead of made again."""

from collections.abc import Callable
from typing import NamedTuple

from .build import Build


def made_in_group(
    generator, group: str, inputs: list, templates: list[str], make: Callable[[], None]
) -> None:
    """Make a group of files, or, when the previous build made it from the same inputs, the same templates
    and the same values of the context they read, carry all its files over."""
    build = generator.build
    outputs = build.outputs
    if outputs is None:
        return make()
    reads = outputs.template_reads(generator.env)
    read = [reads.of(generator.get_template(name).name) for name in templates]
    # A template chosen at render time (names None) could read anything: then the whole context counts.
    names = set().union(*(generator.context if names is None else names for _, names in read))
    key = outputs.digests.of(
        [generator.site, build.style, build.kind_names, build.contact, *inputs, read]
        + [{name: generator.context.get(name) for name in sorted(names)}]
    )
    if not outputs.carry_group(group, key):
        with outputs.record_group(group, key):
            make()


def dataset_inputs(build: Build, dataset) -> list:
    """A table's files and page are made from it, the tables a comparison joins, the publications its rows
    cite (and those agreeing tables republish), the comparisons (which say what the site made) and the
    charts that draw it; never from the other tables' rows."""
    data = build.data
    return [
        dataset,
        [data.datasets[name] for name in dataset.derived_from],
        data.publications,
        data.comparisons,
        data.agreeing,
        [chart for chart in data.charts.values() if chart.dataset == dataset.name],
    ]


class PageLink(NamedTuple):
    slug: str
    title: str
    url: str


def page_links(pages) -> list[PageLink]:
    """The site's pages as base.html's menus name them. Given these rather than the pages, every page is
    made from the others' titles and addresses, not their text, so editing one page remakes only it."""
    return [PageLink(page.slug, page.title, page.url) for page in pages]
