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


def test_cache_folder_keeps_images_across_builds(tmp_path):
    first = Renderer(tmp_path)
    svg, png = first.render(SPEC, "svg"), first.render(SPEC, "png")
    assert (first.rendered, first.cached) == (2, 0)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".png", ".svg"]
    second = Renderer(tmp_path)
    assert second.render(SPEC, "svg") == svg and second.render(SPEC, "png") == png
    assert (second.rendered, second.cached) == (0, 2)


def test_cache_never_serves_an_image_of_other_data(tmp_path):
    Renderer(tmp_path).render(SPEC, "svg")
    changed = {**SPEC, "data": {"values": [{"team": "A", "cases": 1.5}, {"team": "C", "cases": 3}]}}
    renderer = Renderer(tmp_path)
    svg = renderer.render(changed, "svg")
    assert (renderer.rendered, renderer.cached) == (1, 0)
    assert ">C<" in svg and ">B<" not in svg
