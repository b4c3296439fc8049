from plugins.transparency.render import Renderer, spec_key

SPEC = {
    "data": {"values": [{"team": "A", "cases": 1.5}, {"team": "B", "cases": 3}]},
    "mark": "bar",
    "encoding": {"y": {"field": "team", "type": "nominal"}, "x": {"field": "cases", "type": "quantitative"}},
}


def test_svg_and_png():
    renderer = Renderer()
    svg = renderer.render(SPEC, "svg")
    assert svg.startswith("<svg") and ">A<" in svg and ">B<" in svg
    assert renderer.render(SPEC, "png").startswith(b"\x89PNG")


def test_same_spec_is_converted_once_and_identically():
    renderer = Renderer()
    first = renderer.render(SPEC, "svg")
    assert renderer.render(dict(SPEC), "svg") == first
    assert renderer.rendered == 1


def test_key_changes_with_the_data():
    changed = {**SPEC, "data": {"values": [{"team": "A", "cases": 1.6}, {"team": "B", "cases": 3}]}}
    assert spec_key(SPEC, "svg") != spec_key(changed, "svg")
    assert spec_key(SPEC, "svg") != spec_key(SPEC, "png")
