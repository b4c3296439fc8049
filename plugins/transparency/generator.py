"""Write the site's own pages and files: chart pages with their downloads and embeds, the data catalogue,
each dataset as CSV and JSON, datapackage.json, the council's colours as CSS, and the sitemap."""

import copy
import json
import re
from functools import partial
from pathlib import Path

from pelican.generators import Generator

from .citation import cite, reuse_terms
from .downloads import dataset_json, human_size, table_csv
from .figures import SITE_ROOT, Figures
from .model import Publication

SVG_HEIGHT = re.compile(r'<svg[^>]*\bheight="(\d+)"')


class SiteFilesGenerator(Generator):
    def generate_context(self):
        figures: Figures = self.settings["TRANSPARENCY_FIGURES"]
        self.context["datasets"] = figures.data.datasets
        self.context["publications"] = figures.data.publications
        self.context["charts"] = figures.data.charts
        # Publications with a page of their own, for templates to link; others are named in plain text.
        self.context["publication_pages"] = {
            article.publication.id
            for article in self.context["articles"]
            if isinstance(getattr(article, "publication", None), Publication)
        }
        # The site's own pages that show a publication's figures beside others', for its "see also" line.
        self.context["compared_on"] = {
            publication: [
                page
                for page in self.context["pages"]
                if any(
                    publication in figures.data.publications_shown(figures.data.charts[c])
                    for c in page.charts
                )
            ]
            for publication in figures.data.publications
        }

    def generate_output(self, writer):
        figures: Figures = self.settings["TRANSPARENCY_FIGURES"]
        # Pages written here follow RELATIVE_URLS like Pelican's own, so the site works under a sub-path.
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for chart_id in figures.data.charts:
            self.write_chart(write, figures, chart_id)
        if figures.data.charts:
            # Loaded by theme/js/charts.js only when a reader asks for an interactive chart.
            self.write_file("theme/js/vega.js", figures.renderer.vega_bundle())
        self.write_datasets(write, figures)
        write("theme/css/council.css", self.get_template("council.css"), self.context)
        write(
            "sitemap.xml",
            self.get_template("sitemap.xml"),
            self.context,
            sitemap_entries=self.sitemap_entries(),
        )

    def absolute(self, path: str) -> str:
        """An address to share: absolute when SITEURL is set (publishconf), else from the site root."""
        return f"{self.settings['SITEURL']}/{path}" if self.settings["SITEURL"] else f"/{path}"

    def write_file(self, path: str, content: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    def write_chart(self, write, figures: Figures, chart_id: str) -> None:
        chart = figures.data.charts[chart_id]
        folder = f"charts/{chart_id}"
        files = figures.chart_files(chart_id)
        for extension, content in files.items():
            self.write_file(f"{folder}/{chart_id}.{extension}", content)
        rows = figures.data.rows_of(chart)
        publications = figures.data.publications_of(rows)
        url = self.absolute(f"{folder}/")
        svg_height = int(SVG_HEIGHT.search(files["svg"].decode("utf-8"))[1])
        context = dict(
            chart=chart,
            publications=publications,
            citation=cite(chart.title, "chart", publications, url),
            terms=reuse_terms(publications),
            embed_url=self.absolute(f"{folder}/embed/"),
            embed_height=svg_height + 220,  # room for the title, source line and link back
            png=f"{folder}/{chart_id}.png",
        )
        write(
            f"{folder}/index.html",
            self.get_template("chart"),
            self.context,
            figure=figures.figure_html(chart_id, None).replace(SITE_ROOT, "../.."),
            **context,
        )
        write(
            f"{folder}/embed/index.html",
            self.get_template("embed"),
            self.context,
            svg=files["svg"].decode("utf-8"),
            **context,
        )

    def write_datasets(self, write, figures: Figures) -> None:
        descriptor = copy.deepcopy(figures.data.package)  # changed below into the published copy
        entries = []
        for resource in descriptor["resources"]:
            dataset = figures.data.datasets[resource["name"]]
            csv, json_file = table_csv(dataset.field_names, dataset.rows), dataset_json(dataset)
            self.write_file(f"data/{dataset.name}.csv", csv)
            self.write_file(f"data/{dataset.name}.json", json_file)
            publications = figures.data.publications_of(dataset.rows)
            url = self.absolute(f"datasets/{dataset.name}/")
            entries.append(
                dict(
                    dataset=dataset,
                    url=f"datasets/{dataset.name}/",
                    publications=publications,
                    terms=reuse_terms(publications),
                    charts=[c for c in figures.data.charts.values() if c.dataset == dataset.name],
                    last_updated=dataset.last_updated,
                    citation=cite(dataset.title, "dataset", publications, url),
                    csv_size=human_size(len(csv)),
                    json_size=human_size(len(json_file)),
                    json_ld=json_ld(dataset, publications, url, self.absolute(f"data/{dataset.name}")),
                )
            )
            # The site's data package points at the published CSV files.
            resource.update(path=f"data/{dataset.name}.csv", encoding="utf-8-sig", format="csv")
        # Comparisons have no page of their own, but their figures download like any table's.
        for dataset in figures.data.datasets.values():
            if dataset.derived_from:
                self.write_file(f"data/{dataset.name}.csv", table_csv(dataset.field_names, dataset.rows))
                self.write_file(f"data/{dataset.name}.json", dataset_json(dataset))
        for entry in entries:
            write(entry["url"] + "index.html", self.get_template("dataset"), self.context, **entry)
        write("datasets/index.html", self.get_template("datasets"), self.context, entries=entries)
        package = json.dumps(descriptor, ensure_ascii=False, indent=2, default=str)
        self.write_file("datapackage.json", package.encode("utf-8"))

    def sitemap_entries(self) -> list[tuple[str, object]]:
        """Every page's URL and the date it last changed, taken from content so builds repeat exactly."""
        content = [*self.context["articles"], *self.context["pages"]]
        entries = [
            (item.url, getattr(item, "modified", None) or getattr(item, "date", None)) for item in content
        ]
        entries.append((self.settings["INDEX_URL"], None))
        entries.extend((category.url, None) for category, _ in self.context["categories"])
        entries.append(("datasets/", None))
        entries.extend((f"datasets/{name}/", None) for name in self.context["datasets"])
        entries.extend((f"charts/{chart_id}/", None) for chart_id in self.context["charts"])
        return sorted(entries, key=lambda entry: entry[0])


def json_ld(dataset, publications, url: str, download: str) -> str:
    """schema.org Dataset metadata, for search engines and data portals."""
    starts = [p.period.start for p in publications]
    ends = [p.period.end for p in publications]
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": url,
        "creator": [{"@type": "Organization", "name": p.publisher} for p in publications[:1]],
        "temporalCoverage": f"{min(starts).isoformat()}/{max(ends).isoformat()}",
        "variableMeasured": [f.title for f in dataset.fields],
        "isBasedOn": [p.source_document for p in publications],
        "usageInfo": " ".join(terms for _, terms in reuse_terms(publications)),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f"{download}.csv"},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": f"{download}.json"},
        ],
    }
    return script_json(document)


# Inside <script>, "</script" would end the element and "<!--" can stop it ending at all; "&" is escaped too
# so that no character reads as markup. JSON allows each as a \u escape, and they occur only inside strings.
SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(document) -> str:
    """JSON to place inside a <script> element as it is: no character in it can end or change the element."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(SCRIPT_ESCAPES)
