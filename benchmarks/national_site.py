"""The benchmark's synthetic national site: data/, content/ (with shortcodes), content-plain/ and settings.

Per council: three caseload audits with a chart of team caseloads and one of role caseloads each, and an FOI
response with a yearly children's caseload trend (7 charts and 4 articles per council); the trends also as one
national table, and in the page-set variant their pages made by a page set instead (trends.py). It is built
with the project's settings, theme, plugin and kinds of publication (project.py), pointed at the folder.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks import trends
from benchmarks.project import plain_article, publication_kinds, write_settings

AUDITS = (  # (id suffix, short title, period start, period end, period label)
    ("2019-20", "2019/20 audit", "2019-07-01", "2019-09-30", "July to September 2019"),
    ("2023-24", "2023/24 audit", "2022-07-01", "2023-06-30", "July 2022 to June 2023 (rolling 12 months)"),
    ("2024-25", "2024/25 audit", "2024-08-01", "2025-07-31", "August 2024 to July 2025 (rolling 12 months)"),
)
TEAMS = (
    "Older People Team",
    "Adult Disability Team",
    "Occupational Therapy Team",
    "Hospital Discharge Team",
    "Mental Health Team",
    "Visual and Hearing Impairment Team",
    "Transforming Care Team",
)
ROLES = (
    "Social worker",
    "Community case worker",
    "Occupational therapist",
    "Occupational therapist assistant",
)
YEARS = tuple(range(2017, 2023))
CHARTS_PER_COUNCIL = len(AUDITS) * 2 + 1
ARTICLES_PER_COUNCIL = len(AUDITS) + 1
PROSE = (
    "Good caseload management and supervision processes are critical to maintaining effective "
    "strength-based practice. We need to ensure, and be able to demonstrate, that staff are maintaining "
    "caseloads of suitable sizes and complexities. Caution should always be used when looking at caseload "
    "numbers in isolation as this does not demonstrate any potential case weighting."
)
# The figure the "one value changed" rebuild edits: council 1's social worker caseload in its latest audit.
CHANGED_ROLE = ROLES[0]


@dataclass(frozen=True)
class Council:
    number: int

    @property
    def slug(self) -> str:
        return f"council-{self.number:03d}"

    @property
    def name(self) -> str:
        return f"Council {self.number:03d}"

    def audit(self, suffix: str) -> str:
        return f"{self.slug}-asc-audit-{suffix}"

    @property
    def foi(self) -> str:
        return f"{self.slug}-foi-children"


def figure(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dump_yaml(document: object) -> str:
    # JSON is YAML: no need for a YAML writer, and the files load with the project's own reader.
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def resource(name: str, title: str, *fields: tuple[str, str, str], key: list[str]) -> dict:
    described = []
    for field_name, kind, field_title in fields:
        entry = {"name": field_name, "title": field_title, "type": kind, "constraints": {"required": True}}
        if kind == "number":
            entry.update(
                unit="cases per worker", description=f"{field_title}.", constraints={"required": True}
            )
            entry["constraints"]["minimum"] = 0
        described.append(entry)
    schema = {"fields": described, "primaryKey": key}
    return {"name": name, "path": f"{name}.csv", "title": title, "schema": schema}


def generate_site(root: Path, councils: int, seed: int = 7, variant: str = "markdown") -> dict[str, str]:
    """Write data/, content/, content-plain/ and both settings files into root; return each value
    shortcode's text, keyed by the shortcode (the plain content has the text in its place).

    variant: how the per-council trend pages are made (trends.py): "markdown", an FOI response article per
    council, or "page-set", one page set. The data and everything else are the same, figure for figure."""
    if variant not in trends.VARIANTS:
        raise ValueError(f"variant {variant!r}: expected one of {', '.join(trends.VARIANTS)}")
    rng, kinds = random.Random(seed), publication_kinds()
    data, content, plain = root / "data", root / "content", root / "content-plain"
    resources, publications, charts, national = [], [], [], []
    values: dict[str, str] = {}
    for council in map(Council, range(1, councils + 1)):
        rows = {by: [f"publication,{by},average_caseload"] for by in ("team", "role")}
        teams = TEAMS[: rng.randint(4, len(TEAMS))]
        for suffix, short_title, start, end, label in AUDITS:
            audit = council.audit(suffix)
            rows["team"] += [f"{audit},{team},{figure(rng, 8, 30)}" for team in teams]
            roles = {role: figure(rng, 10, 40) for role in ROLES}
            rows["role"] += [f"{audit},{role},{number}" for role, number in roles.items()]
            publications.append(
                {
                    "id": audit,
                    "kind": "audit",
                    "short_title": short_title,
                    "title": f"{council.name} Adult Social Care Caseload Audit {short_title[:7]}",
                    "publisher": council.name,
                    "url": None,
                    "first_published": "2026-11-23",
                    "published": None,
                    "period": {"start": start, "end": end, "label": label},
                    "methodology": "Average caseloads within teams over the audit period.",
                    "source_document": f"{council.name}, Adult Social Care Caseload and Workload Audit",
                    "reuse_terms": None,
                    "caveats": ["case-weighting"],
                }
            )
            for by in rows:
                charts.append(
                    {
                        "id": f"{audit}-{by}",
                        "dataset": f"{council.slug}-adult-caseload-by-{by}",
                        "filter": {"publication": audit},
                        "kind": "bar",
                        "label": by,
                        "value": "average_caseload",
                        "title": f"Average caseload by {by} in {council.name}, {short_title}",
                        "subtitle": f"Average caseload by {by}, {council.name} adult social care, {label}",
                        "caveats": ["case-weighting"],
                    }
                )
            shortcode = f'{{{{ value {council.slug}-adult-caseload-by-role {audit} "{CHANGED_ROLE}" }}}}'
            values[shortcode] = roles[CHANGED_ROLE]
            body = "\n\n".join(
                [
                    f"{council.name} audits the caseloads of its adult social care teams. {PROSE}",
                    "## Findings",
                    f"{{{{ chart {audit}-team }}}}",
                    f"Social workers held an average caseload of {shortcode} cases over {label}.",
                    f"{{{{ chart {audit}-role }}}}",
                    "## Summary",
                    "\n".join(f"- {sentence.strip()}." for sentence in PROSE.split(".") if sentence.strip()),
                ]
            )
            write_article(root, f"{council.slug}/{audit}.md", publications[-1], body, values, kinds)
        caseload = ("average_caseload", "number", "Average caseload")
        for by, title in (("team", "Team"), ("role", "Professional role")):
            name = f"{council.slug}-adult-caseload-by-{by}"
            write(data / f"{name}.csv", "\n".join(rows[by]) + "\n")
            fields = (("publication", "string", "Audit"), (by, "string", title), caseload)
            adult = f"{council.name} adult social care average caseload by {by}"
            resources.append(resource(name, adult, *fields, key=["publication", by]))
        trend = {year: figure(rng, 12, 22) for year in YEARS}
        write(
            data / f"{council.slug}-children-caseload-per-fte.csv",
            "year,average_caseload_per_fte,publication\n"
            + "".join(f"{year},{number},{council.foi}\n" for year, number in trend.items()),
        )
        resources.append(
            resource(
                f"{council.slug}-children-caseload-per-fte",
                f"{council.name} children's social worker caseload per FTE",
                ("year", "integer", "Year"),
                ("average_caseload_per_fte", "number", "Average caseload per FTE"),
                ("publication", "string", "FOI response"),
                key=["year"],
            )
        )
        national += trends.national_rows(council, trend)
        publications.append(trends.foi_publication(council, variant))
        if variant == "markdown":
            charts.append(trends.foi_chart(council))
            shortcode = f"{{{{ value {council.slug}-children-caseload-per-fte 2022 }}}}"
            values[shortcode] = trend[2022]
            body = trends.foi_body(council, shortcode)
            write_article(root, f"{council.slug}/{council.foi}.md", publications[-1], body, values, kinds)

    write(data / f"{trends.NATIONAL}.csv", trends.national_csv(national))
    resources.append(trends.national_resource())
    if variant == "page-set":
        write(data / "page-sets.yaml", dump_yaml(trends.page_sets()))
    package = {"name": "national-caseloads", "title": "Synthetic national caseloads", "resources": resources}
    write(data / "datapackage.yaml", dump_yaml(package))
    caveat = "Caution should always be used when looking at caseload numbers in isolation."
    caveats = {"case-weighting": caveat}
    write(data / "publications.yaml", dump_yaml({"caveats": caveats, "publications": publications}))
    write(data / "charts.yaml", dump_yaml({"charts": charts}))
    for name in ("about", "accessibility", "contact", "reuse"):
        page = f"Title: {name.title()}\nSlug: {name}\nSummary: The {name} page.\n\n{PROSE}\n"
        write(content / "pages" / f"{name}.md", page)
        write(plain / "pages" / f"{name}.md", page)
    write_settings(root)
    return values


def write_article(
    root: Path, path: str, publication: dict, body: str, values: dict[str, str], kinds: dict[str, dict]
) -> None:
    """The article as the web team writes it, in its kind's folder, and as the plain baseline needs it."""
    path = f"{kinds[publication['kind']]['folder']}/{path}"
    summary = f"{publication['title']}, covering {publication['period']['label']}."
    write(root / "content" / path, f"Publication: {publication['id']}\nSummary: {summary}\n\n{body}\n")
    write(root / "content-plain" / path, plain_article(publication, summary, body, values, kinds))


def change_one_value(root: Path, number: str) -> None:
    """Set council 1's social worker caseload in its latest audit: one chart and one page change."""
    council = Council(1)
    path = root / "data" / f"{council.slug}-adult-caseload-by-role.csv"
    audit = council.audit(AUDITS[-1][0])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        f"{audit},{CHANGED_ROLE},{number}" if line.startswith(f"{audit},{CHANGED_ROLE},") else line
        for line in lines
    ]
    write(path, "\n".join(lines) + "\n")
