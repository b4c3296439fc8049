"""A published table's schema.org Dataset metadata (JSON-LD), as Google's Dataset guidelines ask for it."""

import json

from . import urls
from .areacodes import AREA_NAME_FIELD, place
from .catalogue import last_updated, licences
from .citation import reuse_terms
from .model import Dataset, SiteData
from .periods import made_by_site, temporal_coverage
from .siteinfo import Site

# Inside <script>, "</script" would end the element and "<!--" can stop it ending at all; "&" is escaped too
# so that no character reads as markup. JSON allows each as a \u escape, and they occur only inside strings.
SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
AREA_FIELD = AREA_NAME_FIELD  # a column naming the place of each figure (England, Coventry)


def script_json(document) -> str:
    """JSON to place inside a <script> element as it is: no character in it can end or change the element."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(SCRIPT_ESCAPES)


def places(dataset: Dataset, site: Site) -> list[dict]:
    """The places the figures cover: the rows' own where a column names them (with each place's ONS GSS
    code and the ONS's address for it, where a column of codes is declared), else the site's area."""
    codes = dataset.area_code_field
    if codes:
        named = AREA_FIELD in dataset.field_names
        found = {
            row[codes.name]: str(row[AREA_FIELD]) if named and row[AREA_FIELD] is not None else None
            for row in dataset.rows
            if isinstance(row[codes.name], str)  # not empty, not a symbol
        }
        return [place(code, name) for code, name in found.items()]
    if AREA_FIELD in dataset.field_names:
        names = dict.fromkeys(str(row[AREA_FIELD]) for row in dataset.rows)
    else:
        names = dict.fromkeys([site.area] if site.area else [])
    return [{"@type": "Place", "name": name} for name in names]


def json_ld(data: SiteData, dataset: Dataset, site: Site) -> str:
    """schema.org Dataset metadata, for search engines and data portals: name and description (required),
    and the recommended properties, each derived from the data (periods.py, catalogue.py), never assumed:
    a licence only where the source states one, a place only where the rows or the settings name it."""
    publications = data.publications_of(dataset.rows)
    page = site.url(urls.dataset_page(dataset.name))
    the_site = {"@type": "Organization", "name": site.name, "url": site.url("")}
    if made_by_site(data, dataset):
        creator = [the_site]
    else:
        creator = [
            {"@type": "Organization", "name": name}
            for name in dict.fromkeys(p.publisher for p in publications)
        ]
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": page,
        "identifier": page,
        "creator": creator,
        "publisher": the_site,
        "temporalCoverage": temporal_coverage(data, dataset, dataset.rows),
        "variableMeasured": [f.title for f in dataset.fields],
        "isBasedOn": [
            {"@type": "CreativeWork", "name": p.source_document, **({"url": p.url} if p.url else {})}
            for p in publications
        ],
        "usageInfo": " ".join(terms.text for terms in reuse_terms(publications)),
        "isAccessibleForFree": True,
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": site.name,
            "url": site.url(urls.datasets_page()),
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": site.url(urls.dataset_csv(dataset.name)),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": site.url(urls.dataset_json(dataset.name)),
            },
        ],
    }
    known = [url for _, url in licences(data, dataset, site)]
    if known:
        document["license"] = known[0] if len(known) == 1 else known
    covered = places(dataset, site)
    if covered:
        document["spatialCoverage"] = covered[0] if len(covered) == 1 else covered
    modified = last_updated(data, dataset)
    if modified:
        document["dateModified"] = modified.isoformat()
    return script_json(document)
