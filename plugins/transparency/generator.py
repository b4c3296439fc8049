"""Write the site's own pages and files through the theme's templates: chart pages with their downloads and
embeds, the data catalogue with each dataset's files and datapackage.json, the council's colours as CSS,
and the sitemap."""

from functools import partial
from pathlib import Path

from pelican.generators import Generator

from . import catalogue, urls
from .build import Build, build_of
from .citation import cite, reuse_terms
from .figures import accessible_svg, figure_html
from .model import Publication


class SiteFilesGenerator(Generator):
    def generate_context(self):
        build = build_of(self.settings)
        data = build.data
        self.context["urls"] = urls  # templates take every address of the plugin's pages from urls.py
        self.context["datasets"] = data.datasets
        self.context["publications"] = data.publications
        self.context["charts"] = data.charts
        # Charts drawn as an image: a page placing only tables needs no chart script and has no PNG to show.
        self.context["chart_images"] = {c.id for c in data.charts.values() if not c.is_table}
        # Publications with a page of their own, by id, for templates to link; others are named in plain text.
        self.context["publication_pages"] = {
            article.publication.id: article.url
            for article in self.context["articles"]
            if isinstance(getattr(article, "publication", None), Publication)
        }
        # The site's own pages that show a publication's figures beside others', for its "see also" line.
        self.context["compared_on"] = {
            publication: [
                page
                for page in self.context["pages"]
                if any(publication in data.publications_shown(data.charts[c]) for c in page.charts)
            ]
            for publication in data.publications
        }

    def generate_output(self, writer):
        build = build_of(self.settings)
        # Pages written here follow RELATIVE_URLS like Pelican's own, so the site works under a sub-path.
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for chart_id in build.data.charts:
            self.write_chart(write, build, chart_id)
        if self.context["chart_images"]:
            # Loaded by theme/js/charts.js only when a reader asks for an interactive chart.
            self.write_file("theme/js/vega.js", build.renderer.vega_bundle())
        self.write_datasets(write, build)
        write("theme/css/council.css", self.get_template("council.css"), self.context)
        write(
            "sitemap.xml",
            self.get_template("sitemap.xml"),
            self.context,
            sitemap_entries=self.sitemap_entries(),
        )

    def write_file(self, path: str, content: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    def write_chart(self, write, build: Build, chart_id: str) -> None:
        """The chart's page and downloads, and for a drawn chart its embed."""
        chart = build.data.charts[chart_id]
        for extension, content in build.charts.files(chart_id).items():
            self.write_file(urls.chart_file(chart_id, extension), content)
        publications = build.data.publications_of(build.data.rows_of(chart))
        page = urls.chart_page(chart_id)
        context = dict(
            chart=chart,
            publications=publications,
            citation=cite(
                chart.title,
                "table" if chart.is_table else "chart",
                publications,
                urls.absolute(self.settings["SITEURL"], page),
            ),
            terms=reuse_terms(publications),
        )
        if not chart.is_table:
            context.update(
                embed_url=urls.absolute(self.settings["SITEURL"], urls.chart_embed(chart_id)),
                embed_height=build.charts.embed_height(chart_id),
                png=urls.chart_file(chart_id, "png"),
            )
        figure = urls.resolve(figure_html(build, chart_id, None), page, relative=True, siteurl="")
        write(urls.save_as(page), self.get_template("chart"), self.context, figure=figure, **context)
        if not chart.is_table:
            svg = accessible_svg(build.charts.svg(chart_id), "embed-title")
            embed = urls.save_as(urls.chart_embed(chart_id))
            write(embed, self.get_template("embed"), self.context, svg=svg, **context)

    def write_datasets(self, write, build: Build) -> None:
        siteurl = self.settings["SITEURL"]
        sitename = self.settings["SITENAME"]
        entries = [
            catalogue.entry(build.data, d, siteurl, sitename) for d in catalogue.catalogued(build.data)
        ]
        for dataset in build.data.datasets.values():
            for path, content in catalogue.dataset_files(dataset).items():
                self.write_file(path, content)
        for entry in entries:
            write(urls.save_as(entry["url"]), self.get_template("dataset"), self.context, **entry)
        write(
            urls.save_as(urls.datasets_page()), self.get_template("datasets"), self.context, entries=entries
        )
        self.write_file(urls.data_package(), catalogue.data_package(build.data))

    def sitemap_entries(self) -> list[tuple[str, object]]:
        """Every page's URL and the date it last changed, taken from content so builds repeat exactly."""
        content = [*self.context["articles"], *self.context["pages"]]
        entries = [
            (item.url, getattr(item, "modified", None) or getattr(item, "date", None)) for item in content
        ]
        entries.append((self.settings["INDEX_URL"], None))
        entries.extend((category.url, None) for category, _ in self.context["categories"])
        entries.append((urls.datasets_page(), None))
        # The catalogue's datasets only: a comparison's figures download, but it has no page of its own.
        catalogued = catalogue.catalogued(build_of(self.settings).data)
        entries.extend((urls.dataset_page(dataset.name), None) for dataset in catalogued)
        entries.extend((urls.chart_page(chart_id), None) for chart_id in self.context["charts"])
        return sorted(entries, key=lambda entry: entry[0])
