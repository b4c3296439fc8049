"""Write the site's own pages and files through the theme's templates: chart pages with their downloads,
citations and embeds, the data catalogue with each dataset's files, datapackage.json and the zip of all
data, the council's colours as CSS, and the sitemap."""

from functools import partial
from pathlib import Path

from pelican.generators import Generator
from pelican.log import console

from . import catalogue, embeds, urls
from .build import Build, build_of
from .chartcache import vega_bundle
from .chartfiles import chart_inputs
from .citation import Citation, exports, plain_text, reuse_terms, site_date
from .describe import left_out_sentence
from .downloads import human_size
from .figures import accessible_svg, figure_html
from .groups import dataset_inputs, made_in_group, page_links
from .introductions import read_introductions
from .jsonld import json_ld
from .model import PageSet, Publication
from .setpages import index_rows, page_context, set_address_problems
from .siteinfo import site_of


class SiteFilesGenerator(Generator):
    def generate_context(self):
        build = self.build = build_of(self.settings)
        data = build.data
        site = self.site = site_of(self.settings)
        if site.preview:
            console.print(
                f"Preview build: addresses that leave the site are placeholders ({site.address}); "
                "set TRANSPARENCY_PUBLIC_URL to publish",
                markup=False,
                highlight=False,
            )
        self.context["urls"] = urls  # templates take every address of the plugin's pages from urls.py
        # Every address that leaves the site starts here (urls.absolute); links between pages stay relative.
        self.context["site_address"] = site.address
        self.context["preview_note"] = urls.PREVIEW_NOTE if site.preview else ""
        self.context["site_licence"] = site.licence
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
        self.context["page_sets"] = data.page_sets
        self.context["page_links"] = page_links(self.context["pages"])
        self.introductions = read_introductions(self.settings, build)
        content = [*self.context["articles"], *self.context["pages"]]
        build.problems.extend(set_address_problems(data.page_sets, content))

    def generate_output(self, writer):
        build = build_of(self.settings)
        # Pages written here follow RELATIVE_URLS like Pelican's own, so the site works under a sub-path.
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        # Each group of files is made again only if what it is made from changed (groups.py).
        for chart_id in build.data.charts:
            made = partial(self.write_chart, write, build, chart_id)
            made_in_group(
                self, f"chart {chart_id}", chart_inputs(build.data, chart_id), ["chart", "embed"], made
            )
        if self.context["chart_images"]:
            # Loaded by theme/js/charts.js only when a reader asks for an interactive chart.
            self.write_file("theme/js/vega.js", vega_bundle(build.renderer.cache))
        # Each table's files and page, then what is made from every table (the catalogue page, the data
        # package and the zip of all of it): one changed value remakes one table's files, not every table's.
        for dataset in catalogue.catalogued(build.data):
            made = partial(self.write_dataset, write, build, dataset)
            inputs = dataset_inputs(build, dataset)
            made_in_group(self, f"dataset {dataset.name}", inputs, ["dataset"], made)
        made = partial(self.write_catalogue, write, build)
        made_in_group(self, "catalogue", [build.data], ["datasets"], made)
        for page_set in build.data.page_sets.values():
            made = partial(self.write_page_set, write, build, page_set)
            inputs = [build.data, self.introductions]
            made_in_group(self, f"page set {page_set.id}", inputs, ["setpage", "pageset"], made)
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
        # A fresh file, never written through: a file carried over is a hard link to the previous build's.
        target.unlink(missing_ok=True)
        target.write_bytes(content)
        if self.build.outputs is not None:
            self.build.outputs.made(path, None)

    def write_chart(self, write, build: Build, chart_id: str) -> None:
        """The chart's page, downloads and citation, and for a drawn chart its embed."""
        chart = build.data.charts[chart_id]
        for extension, content in build.charts.files(chart_id).items():
            self.write_file(urls.chart_file(chart_id, extension), content)
        rows = build.data.rows_of(chart)
        publications = build.data.publications_of(rows)
        page = urls.chart_page(chart_id)
        dataset = build.data.datasets[chart.dataset]
        cited = Citation(
            key=chart_id,
            title=chart.title,
            kind="table" if chart.is_table else "chart",
            site=self.site.name,
            site_url=self.site.url(""),
            url=self.site.url(page),
            issued=site_date(
                catalogue.last_updated(build.data, dataset), *(p.first_published for p in publications)
            ),
            sources=publications,
            preview=self.site.preview,
        )
        for extension, text in exports(cited).items():
            self.write_file(urls.chart_file(chart_id, extension), text.encode("utf-8"))
        context = dict(
            chart=chart,
            publications=publications,
            citation=plain_text(cited),
            exports=catalogue.cited_files(cited, urls.chart_file(chart_id, "")[:-1]),
            terms=reuse_terms(publications),
            page_address=self.site.url(page),
        )
        if not chart.is_table:
            # An embed has no table: it says which figures are given as symbols and not drawn.
            left_out = left_out_sentence(chart, rows, "the data")
            context.update(
                left_out=left_out,
                embed_url=self.site.url(urls.chart_embed(chart_id)),
                embed_height=embeds.embed_height(
                    build.charts.svg(chart_id), chart, publications, self.site.name, left_out
                ),
                resizer_url=self.site.url("theme/js/embed-resize.js"),
                png=urls.chart_file(chart_id, "png"),
            )
        figure = urls.resolve(figure_html(build, chart_id, None), page, relative=True, siteurl="")
        write(urls.save_as(page), self.get_template("chart"), self.context, figure=figure, **context)
        if not chart.is_table:
            svg = accessible_svg(build.charts.svg(chart_id), "embed-title")
            embed = urls.save_as(urls.chart_embed(chart_id))
            write(embed, self.get_template("embed"), self.context, svg=svg, **context)

    def write_dataset(self, write, build: Build, dataset) -> None:
        """A table's downloads, its citation's files and its page."""
        data, site = build.data, self.site
        files = catalogue.dataset_files(data, dataset, site)
        for path, content in files.items():
            self.write_file(path, content)
        entry = catalogue.entry(data, dataset, site, files, json_ld(data, dataset, site))
        write(urls.save_as(entry["url"]), self.get_template("dataset"), self.context, **entry)

    def write_catalogue(self, write, build: Build) -> None:
        """The catalogue page, the data package and the zip of every table."""
        data, site = build.data, self.site
        files: dict[str, bytes] = {}
        for dataset in catalogue.catalogued(data):
            files.update(catalogue.downloads(data, dataset, site))
        entries = [catalogue.listing(data, d, files) for d in catalogue.catalogued(data)]
        package = catalogue.data_package(data, site)
        zipped = catalogue.all_data(data, package, files)
        self.write_file(urls.all_data(), zipped)
        self.write_file(urls.data_package(), package)
        write(
            urls.save_as(urls.datasets_page()),
            self.get_template("datasets"),
            self.context,
            entries=entries,
            all_data_size=human_size(len(zipped)),
        )

    def write_page_set(self, write, build: Build, page_set: PageSet) -> None:
        """The set's index, with every page's latest figure, and each page with its figures and charts."""
        data = build.data
        for page in page_set.pages:
            figures = [
                urls.resolve(figure_html(build, chart_id, number), page.url, relative=True, siteurl="")
                for number, chart_id in enumerate(page.charts, start=1)
            ]
            context = page_context(data, page_set, page, self.site)
            introduction = self.introductions.get(page.url, "")
            write(
                urls.save_as(page.url),
                self.get_template("setpage"),
                self.context,
                **context,
                charts_placed=page.charts,
                chart_figures=figures,
                introduction=introduction,
            )
        write(
            urls.save_as(page_set.url),
            self.get_template("pageset"),
            self.context,
            page_set=page_set,
            dataset=data.datasets[page_set.dataset],
            rows=index_rows(data, page_set),
            introduction=self.introductions.get(page_set.url, ""),
        )

    def sitemap_entries(self) -> list[tuple[str, object]]:
        """Every page's URL and the date it last changed, taken from content so builds repeat exactly."""
        content = [*self.context["articles"], *self.context["pages"]]
        entries = [
            (item.url, getattr(item, "modified", None) or getattr(item, "date", None)) for item in content
        ]
        entries.append((self.settings["INDEX_URL"], None))
        entries.extend((category.url, None) for category, _ in self.context["categories"])
        entries.append((urls.datasets_page(), None))
        # Every catalogued table has a page, a comparison too: every address here is a page (test_catalogue).
        catalogued = catalogue.catalogued(build_of(self.settings).data)
        entries.extend((urls.dataset_page(dataset.name), None) for dataset in catalogued)
        entries.extend((urls.chart_page(chart_id), None) for chart_id in self.context["charts"])
        for page_set in self.context["page_sets"].values():
            entries.extend((url, None) for url in (page_set.url, *(page.url for page in page_set.pages)))
        return sorted(entries, key=lambda entry: entry[0])
