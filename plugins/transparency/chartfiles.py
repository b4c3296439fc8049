"""Each chart's spec and its downloads (CSV, SVG, PNG, Vega-Lite JSON), made once per build."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from . import urls
from .artwork import Caption, download_spec, labelled_svg
from .chartcache import kept_spec
from .charts import build_spec
from .chartstyle import ChartStyle
from .describe import describe, left_out_sentence
from .downloads import human_size, spec_json, table_csv
from .fingerprint import Digests
from .model import SiteData
from .periods import period_label
from .render import Renderer
from .settings import setting

# Each chart's downloads, as (file extension, link text), in the order they are offered. A table (kind
# "table") has no image, so it offers only the rows behind it.
CHART_FILES = (("csv", "CSV"), ("svg", "SVG"), ("png", "PNG"), ("vl.json", "Vega-Lite JSON"))
TABLE_FILES = (("csv", "CSV"),)
# The warm preview's only (warmcache.install makes it {}): each drawn chart's spec and download spec as the
# last build made them, by a digest of what they are made from, so that the build after a change makes
# again only the changed charts' (Altair's spec, the caption, the artwork: about a second at 150 councils).
KEPT_SPECS: dict[str, tuple[dict, dict]] | None = None


def chart_inputs(data: SiteData, chart_id: str) -> list:
    """A chart's files are made from its declaration, its table and those that agree with it, the
    publications and comparisons it may cite, and the page sets that place it."""
    chart = data.charts[chart_id]
    agreeing = [
        (first, second, data.datasets[first], data.datasets[second])
        for first, second, _ in data.agreeing
        if chart.dataset in (first, second)
    ]
    return [
        chart,
        data.datasets[chart.dataset],
        data.publications,
        data.comparisons,
        agreeing,
        data.page_sets,
    ]


def chart_address(settings: Mapping, chart_id: str) -> tuple[str, str]:
    """The chart page's public address, for the downloads' credit line, and what to say after it when it is
    only a preview's placeholder. The one place the downloads learn the site's address."""
    public = setting(settings, "TRANSPARENCY_PUBLIC_URL")
    address = urls.absolute(urls.site_address(public), urls.chart_page(chart_id))
    return address, "" if public else urls.PREVIEW_NOTE


@dataclass
class ChartFiles:
    """The specs and files of every chart: a chart appears on several pages, and is made once for all."""

    data: SiteData
    renderer: Renderer = field(default_factory=Renderer)
    style: ChartStyle = ChartStyle()
    # The build's Pelican settings, for the site's name and address in the downloads (see prepare_all).
    settings: Mapping = field(default_factory=dict)
    digests: Digests | None = None  # the build's, when it carries files over: then specs may be kept
    _specs: dict[str, dict] = field(default_factory=dict, init=False, repr=False)
    _download_specs: dict[str, dict] = field(default_factory=dict, init=False, repr=False)
    _kept_before: dict[str, tuple[dict, dict]] = field(default_factory=dict, init=False, repr=False)
    _files: dict[str, dict[str, bytes]] = field(default_factory=dict, init=False, repr=False)
    _prepared: bool = field(default=False, init=False, repr=False)

    def prepare_all(self, settings: Mapping | None = None) -> None:
        """Build every drawn chart's specs (the page's and the downloads') and start the renderer's workers on
        their images, ready by the time pages ask; `settings` name the site and its address in downloads.
        Once per build: the signal that calls it comes before every article."""
        # Without it each image is drawn when a page asks for it.
        if self._prepared:
            return
        self._prepared = True
        if settings is not None:
            self.settings = settings
        self.renderer.prepare(self._all_specs())

    def _keep_specs(self, chart_id: str) -> None:
        """Take the chart's two specs from the last build if made from the same inputs, and keep them."""
        site = self.settings.get("SITENAME", ""), chart_address(self.settings, chart_id)
        key = self.digests.of([*chart_inputs(self.data, chart_id), self.style, site])
        kept = self._kept_before.get(key)
        if kept is not None:
            self._specs[chart_id], self._download_specs[chart_id] = kept
        KEPT_SPECS[key] = (self.spec(chart_id), self.download_spec(chart_id))

    def _all_specs(self) -> Iterator[tuple[dict, tuple[str, ...]]]:
        keeping = KEPT_SPECS is not None and self.digests is not None
        if keeping:  # this build's specs replace the last one's: only the charts there are now are kept
            self._kept_before = dict(KEPT_SPECS)
            KEPT_SPECS.clear()
        for chart_id, chart in self.data.charts.items():
            if not chart.is_table:
                if keeping:
                    self._keep_specs(chart_id)
                yield self.spec(chart_id), ("svg",)  # the page draws the SVG; the downloads are the artwork's
                yield self.download_spec(chart_id), ("svg", "png")

    def spec(self, chart_id: str) -> dict:
        """The chart's Vega-Lite spec."""
        if chart_id not in self._specs:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            rows = self.data.rows_of(chart)
            # Remembered by everything the spec is built from, so Altair runs only for a changed chart.
            source = repr((chart, dataset.fields, rows, self.style))
            self._specs[chart_id] = kept_spec(
                self.renderer.cache, source, lambda: build_spec(chart, dataset, rows, self.style)
            )
        return self._specs[chart_id]

    def caption(self, chart_id: str) -> Caption:
        """What the downloads say around the chart, from the same data as the figure on the page."""
        chart = self.data.charts[chart_id]
        dataset = self.data.datasets[chart.dataset]
        rows = self.data.rows_of(chart)
        address, note = chart_address(self.settings, chart_id)
        return Caption(
            chart_id=chart_id,
            title=chart.title,
            subtitle=chart.subtitle,
            # Figures given as symbols are not drawn: the image says so under the chart, as the page does.
            notes=chart.notes + tuple(filter(None, [left_out_sentence(chart, rows, "the data")])),
            caveats=chart.caveats,
            publications=self.data.publications_of(rows),
            period=period_label(self.data, dataset, rows),
            description=describe(chart, dataset, rows),
            site=self.settings.get("SITENAME", ""),
            address=address,
            address_note=note,
        )

    def download_spec(self, chart_id: str) -> dict:
        """The spec of the downloads: the chart as artwork, with its title, notes, source and credit."""
        if chart_id not in self._download_specs:
            made = download_spec(self.spec(chart_id), self.caption(chart_id), self.style)
            self._download_specs[chart_id] = made
        return self._download_specs[chart_id]

    def svg(self, chart_id: str) -> str:
        """The chart drawn for pages, as vl-convert gives it, captioned by the page's HTML (and with no
        accessible name: see figures.accessible_svg)."""
        return self.renderer.render(self.spec(chart_id), "svg")

    def files(self, chart_id: str) -> dict[str, bytes]:
        """The chart's downloads by extension: the rows behind it, and a drawn chart's images and spec."""
        if chart_id not in self._files:
            chart = self.data.charts[chart_id]
            dataset = self.data.datasets[chart.dataset]
            files = {"csv": table_csv(dataset.field_names, self.data.rows_of(chart))}
            if not chart.is_table:
                artwork = self.download_spec(chart_id)
                caption = self.caption(chart_id)
                files["svg"] = labelled_svg(self.renderer.render(artwork, "svg"), caption).encode("utf-8")
                files["png"] = self.renderer.render(artwork, "png")
                files["vl.json"] = spec_json(artwork)
                # The page's own spec, not offered: what a page's interactive chart should redraw (the
                # figure's data-spec), the chart alone as the page draws it, its captions left to the HTML.
                files["page.vl.json"] = spec_json(self.spec(chart_id))
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
