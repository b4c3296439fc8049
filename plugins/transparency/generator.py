"""Write the site's own files: each dataset as CSV, the council's colours as CSS, and the sitemap."""

import csv
import io
from pathlib import Path

from pelican.generators import Generator

from .model import Dataset


def dataset_csv(dataset: Dataset) -> str:
    """The dataset as CSV, figures written as the source wrote them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.field_names)
    writer.writerows([str(row[name]) for name in dataset.field_names] for row in dataset.rows)
    return buffer.getvalue()


class DataFilesGenerator(Generator):
    def generate_context(self):
        figures = self.settings["TRANSPARENCY_FIGURES"]
        self.context["datasets"] = figures.data.datasets
        self.context["publications"] = figures.data.publications

    def generate_output(self, writer):
        figures = self.settings["TRANSPARENCY_FIGURES"]
        data_dir = Path(self.output_path) / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        for dataset in figures.data.datasets.values():
            # A byte-order mark lets Excel read curly apostrophes as UTF-8.
            (data_dir / f"{dataset.name}.csv").write_text(
                dataset_csv(dataset), encoding="utf-8-sig", newline=""
            )
        writer.write_file("theme/css/council.css", self.get_template("council.css"), self.context)
        writer.write_file(
            "sitemap.xml",
            self.get_template("sitemap.xml"),
            self.context,
            sitemap_entries=self.sitemap_entries(),
        )

    def sitemap_entries(self) -> list[tuple[str, object]]:
        """Every page's URL and the date it last changed, taken from content so builds repeat exactly."""
        content = [*self.context["articles"], *self.context["pages"]]
        entries = [
            (item.url, getattr(item, "modified", None) or getattr(item, "date", None)) for item in content
        ]
        entries.append((self.settings["INDEX_URL"], None))
        entries.extend((category.url, None) for category, _ in self.context["categories"])
        return sorted(entries, key=lambda entry: entry[0])
