"""Each chart's spec and its downloads (CSV, SVG, PNG, Vega-Lite JSON), made once per build."""

import re
from dataclasses import dataclass, field

from . import urls
from .charts import ChartStyle, build_spec
from .downloads import human_size, spec_json, table_csv
from .model import SiteData
from .render import Renderer

# Each chart's downloads, as (file extension, link text), in the order they are offered. A table (kind
# "table") has no image, so it offers only the rows behind it.
CHART_FILES = (("csv", "CSV"), ("svg", "SVG"), ("png", "PNG"), ("vl.json", "Vega-Lite JSON"))
TABLE_FILES = (("csv", "CSV"),)

SVG_HEIGHT = re.compile(r'<svg[^>]*\bheight="(\d+)"')


@dataclass
class ChartFiles:
    """The specs and files of every chart: a chart appears on several pages, and is made once for all."""

    data: SiteData
    renderer: Renderer = field(default_factory=Renderer)
    style: ChartStyle = ChartStyle()
    _specs: dict[str, dict] = field(default_factory=dict, init=False, repr=False)
    _files: dict[str, dict[str, bytes]] = field(default_factory=dict, init=False, repr=False)

    def prepare_all(self) -> None:
        """Build every drawn chart's spec and have the renderer start on their images in other processes,
        so that the images are ready when pages ask for them. Without it each image is drawn when asked."""
        self.renderer.prepare(
            self.spec(chart_id) for chart_id, chart in self.data.charts.items() if not chart.is_table
        )

    def spec(self, chart_id: str) -> dict:
        """The chart's Vega-Lite spec."""
        if chart_id not in self._specs:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            rows = self.data.rows_of(chart)
            # Remembered by everything the spec is built from, so Altair runs only for a changed chart.
            source = repr((chart, dataset.fields, rows, self.style))
            self._specs[chart_id] = self.renderer.spec(
                source, lambda: build_spec(chart, dataset, rows, self.style)
            )
        return self._specs[chart_id]

    def svg(self, chart_id: str) -> str:
        """The chart drawn, as vl-convert gives it (with no accessible name: see figures.accessible_svg)."""
        return self.files(chart_id)["svg"].decode("utf-8")

    def files(self, chart_id: str) -> dict[str, bytes]:
        """The chart's downloads by extension: the rows behind it, and a drawn chart's images and spec."""
        if chart_id not in self._files:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            files = {"csv": table_csv(dataset.field_names, self.data.rows_of(chart))}
            if not chart.is_table:
                spec = self.spec(chart_id)
                files["svg"] = self.renderer.render(spec, "svg").encode("utf-8")
                files["png"] = self.renderer.render(spec, "png")
                files["vl.json"] = spec_json(spec)
            self._files[chart_id] = files
        return self._files[chart_id]

    def links(self, chart_id: str) -> list[dict]:
        """The downloads as a figure offers them: link text, address (from the site root) and size."""
        files = self.files(chart_id)
        offered = TABLE_FILES if self.data.charts[chart_id].is_table else CHART_FILES
        return [
            {
                "text": text,
                "href": urls.in_content(urls.chart_file(chart_id, extension)),
                "size": human_size(len(files[extension])),
            }
            for extension, text in offered
        ]

    def embed_height(self, chart_id: str) -> int:
        """The iframe height the embed snippet asks for: the image, and room for title, source and link."""
        return int(SVG_HEIGHT.search(self.svg(chart_id))[1]) + 220
