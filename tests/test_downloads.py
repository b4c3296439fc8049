"""The downloads of every drawn chart carry their own title, subtitle, notes, caveats, source and credit, on an
opaque background, with the SVG named by <title>/<desc> and the PNG at its stated density; the expected text
comes from data/ and pelicanconf.py, never from the plugin."""

import csv
import json
import re
import struct
import zlib
from xml.etree import ElementTree

import pytest
import vl_convert
import yaml
from site_build import ROOT

SVG = "{http://www.w3.org/2000/svg}"
PIXELS_PER_METRE_AT_144_DPI = 5669  # 144 / 0.0254, rounded down


def read_yaml(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


CHARTS = read_yaml("charts.yaml")
PUBLICATIONS = read_yaml("publications.yaml")
DRAWN = [chart for chart in CHARTS["charts"] if chart["kind"] != "table"]
SITENAME = re.search(r'^SITENAME = "(.*)"$', (ROOT / "pelicanconf.py").read_text(), re.M)[1]


# `site` is the run's one build of the real site (tests/conftest.py).


def words(text: str) -> str:
    return " ".join(text.split())


def source_titles(chart: dict) -> set[str]:
    """The titles of the publications whose rows the chart draws, read from the CSV in data/."""
    comparisons = {comparison["id"]: comparison for comparison in CHARTS.get("comparisons", ())}
    dataset = (
        comparisons[chart["dataset"]]["dataset"] if chart["dataset"] in comparisons else chart["dataset"]
    )
    with (ROOT / "data" / f"{dataset}.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = [row for row in csv.DictReader(file)]
    wanted = chart.get("filter") or {}
    ids = {row["publication"] for row in rows if all(row[k] == v for k, v in wanted.items())}
    titles = {publication["id"]: publication["title"] for publication in PUBLICATIONS["publications"]}
    return {titles[i] for i in ids}


def captions(chart: dict) -> list[str]:
    """Every text the downloads must show besides the chart: subtitle, notes and caveats as data/ says them."""
    caveats = [PUBLICATIONS["caveats"][name] for name in chart.get("caveats", ())]
    return [chart["subtitle"], *chart.get("notes", ()), *caveats]


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + length]
        at += 12 + length
    return chunks


@pytest.mark.parametrize("chart", DRAWN, ids=[chart["id"] for chart in DRAWN])
def test_svg_download_is_self_contained(site, chart):
    path = site / "charts" / chart["id"] / f"{chart['id']}.svg"
    root = ElementTree.fromstring(path.read_bytes())
    first, second, third = list(root)[:3]
    assert first.tag == f"{SVG}title" and first.text == chart["title"]
    assert second.tag == f"{SVG}desc" and chart["subtitle"] in words(second.text)
    assert root.get("role") == "img" and root.get("aria-labelledby") == first.get("id")
    # The background: a rect of the whole image, filled white, drawn first.
    assert third.tag == f"{SVG}rect" and third.get("fill") == "white"
    assert (third.get("width"), third.get("height")) == (root.get("width"), root.get("height"))
    drawn = words(" ".join(" ".join(text.itertext()) for text in root.iter(f"{SVG}text")))
    for caption in [chart["title"], *captions(chart), *source_titles(chart), SITENAME]:
        assert words(caption) in drawn, (chart["id"], caption)
    assert f"charts/{chart['id']}/" in drawn


@pytest.mark.parametrize("chart", DRAWN, ids=[chart["id"] for chart in DRAWN])
def test_png_download_is_opaque_at_144_dpi(site, chart):
    chunks = png_chunks((site / "charts" / chart["id"] / f"{chart['id']}.png").read_bytes())
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert struct.unpack(">IIB", chunks[b"pHYs"]) == (PIXELS_PER_METRE_AT_144_DPI,) * 2 + (1,)
    assert depth == 8 and colour in (2, 6)  # RGB or RGBA, 8 bits a channel
    # The first pixel of the first scanline is stored as is whatever its filter (nothing above or before it).
    scanline = zlib.decompress(chunks[b"IDAT"])[: 1 + width * (4 if colour == 6 else 3)]
    pixel = scanline[1:5] if colour == 6 else scanline[1:4] + b"\xff"
    assert all(channel >= 250 for channel in pixel), pixel
    svg = (site / "charts" / chart["id"] / f"{chart['id']}.svg").read_text(encoding="utf-8")
    svg_width, svg_height = map(int, re.search(r'width="(\d+)" height="(\d+)"', svg).groups())
    assert (width, height) == (svg_width * 2, svg_height * 2)


@pytest.mark.parametrize("chart", DRAWN, ids=[chart["id"] for chart in DRAWN])
def test_spec_download_carries_title_and_source_and_renders(site, chart):
    folder = site / "charts" / chart["id"]
    spec = json.loads((folder / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    assert words(" ".join(spec["title"]["text"])) == words(chart["title"])
    assert words(" ".join(spec["title"]["subtitle"])) == words(chart["subtitle"])
    meta = spec["usermeta"]
    assert {source["title"] for source in meta["source"]} == source_titles(chart)
    assert meta["site"] == SITENAME and meta["address"].endswith(f"charts/{chart['id']}/")
    assert [words(text) for text in meta["notes"] + meta["caveats"]] == [
        words(c) for c in captions(chart)[1:]
    ]
    assert meta["period"] and "Source: " in spec["description"]
    # Rendered as it is, the spec draws the very picture downloaded (the SVG only adds its <title>/<desc>).
    svg = (folder / f"{chart['id']}.svg").read_text(encoding="utf-8")
    plain = re.sub(r'<svg role="img" aria-labelledby="[^"]+" aria-describedby="[^"]+"', "<svg", svg, count=1)
    plain = re.sub(r"<title [^>]*>.*?</title><desc [^>]*>.*?</desc>", "", plain, count=1, flags=re.S)
    assert vl_convert.vegalite_to_svg(spec) == plain
