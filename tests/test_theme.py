"""The council's colours and the chart colours meet WCAG 2.2 AA contrast."""

import pelicanconf


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_reach_4_5_to_1():
    colours = pelicanconf.COUNCIL_COLOURS
    assert contrast(colours["brand_text"], colours["brand"]) >= 4.5
    assert contrast(colours["link"], "#ffffff") >= 4.5
    assert contrast(colours["link_visited"], "#ffffff") >= 4.5
    assert contrast("#1b1b1b", colours["focus"]) >= 4.5


def test_chart_bars_reach_3_to_1_against_the_page():
    assert contrast(pelicanconf.TRANSPARENCY_CHART_STYLE["colour"], "#ffffff") >= 3


def test_every_template_escapes_with_pelicans_other_jinja_defaults():
    from pelican.settings import DEFAULT_CONFIG

    assert {**DEFAULT_CONFIG["JINJA_ENVIRONMENT"], "autoescape": True} == pelicanconf.JINJA_ENVIRONMENT
