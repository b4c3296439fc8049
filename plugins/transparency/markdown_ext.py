"""Markdown shortcodes placing data/ in content: {{ chart ID }} and {{ changes COMPARISON PUBLICATION }}
alone on a line, {{ value DATASET KEY }} anywhere."""

import re
import shlex

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .build import Build
from .errors import Problem, did_you_mean
from .figures import changes_html, placed_figure_html, value_text

CHART = re.compile(r"^\s*\{\{\s*chart\s+(?P<id>\S+)\s*\}\}\s*$")
VALUE = re.compile(r"\{\{\s*value\s+(?P<args>[^}]+?)\s*\}\}")
CONTACT = re.compile(r"\{\{\s*contact\s*\}\}")
CHANGES = re.compile(r"^\s*\{\{\s*changes\s+(?P<comparison>\S+)\s+(?P<publication>\S+)\s*\}\}\s*$")
SHORTCODES = (
    '"{{ chart ID }}" or "{{ changes COMPARISON PUBLICATION }}" alone on a line, '
    'or "{{ value DATASET KEY }}" or "{{ contact }}"'
)
ANY_SHORTCODE = re.compile(r"\{\{\s*(?P<name>\w+)")


class FiguresPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, build: Build, source: str):
        super().__init__(md)
        self.build = build
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        number = 0
        result = []
        for line_number, line in enumerate(lines, start=1):
            where = f"{self.source}, line {line_number}"
            chart = CHART.match(line)
            if chart:
                number += 1
                self.build.placed.setdefault(self.source, []).append(chart["id"])
                result.extend(["", self.chart(chart["id"], number, where), ""])
                continue
            changes = CHANGES.match(line)
            if changes:
                html = changes_html(self.build, changes["comparison"], changes["publication"], where)
                result.extend(["", self.md.htmlStash.store(html), ""])
                continue
            line = VALUE.sub(lambda m, where=where: self.value(m["args"], where), line)
            line = CONTACT.sub(lambda m: contact_link(self.build.contact), line)
            for leftover in ANY_SHORTCODE.finditer(line):
                self.build.problems.append(
                    Problem(
                        where,
                        f'has a shortcode "{{{{ {leftover["name"]} ..." that is not understood',
                        SHORTCODES,
                    )
                )
            result.append(line)
        return result

    def chart(self, chart_id: str, number: int, where: str) -> str:
        if chart_id not in self.build.data.charts:
            self.build.problems.append(
                Problem(
                    where,
                    f'places the chart "{chart_id}", which is not declared in data/charts.yaml',
                    hint=did_you_mean(chart_id, self.build.data.charts),
                )
            )
            return ""
        return self.md.htmlStash.store(placed_figure_html(self.build, chart_id, number))

    def value(self, args: str, where: str) -> str:
        try:
            dataset, *keys = shlex.split(args)
        except ValueError as error:
            self.build.problems.append(Problem(where, f"has a value shortcode that cannot be read: {error}"))
            return ""
        return value_text(self.build, dataset, keys, where)


class FiguresExtension(Extension):
    def __init__(self, build: Build, source: str):
        super().__init__()
        self.build = build
        self.source = source

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Priority 29: after whitespace normalising (30), before the metadata block is removed (27),
        # so line numbers in messages match the file.
        md.preprocessors.register(
            FiguresPreprocessor(md, self.build, self.source), "transparency_figures", 29
        )


def contact_link(contact: str | None) -> str:
    """The site editors' contact route from TRANSPARENCY_CONTACT, as a Markdown link; in a preview without
    one, a visible note that it is not set (make publish refuses to build without it)."""
    if not contact:
        return "*(the contact address is not set yet: TRANSPARENCY_CONTACT)*"
    if "@" in contact and not contact.startswith(("http://", "https://")):
        return f"[{contact}](mailto:{contact})"
    return f"[{contact}]({contact})"
