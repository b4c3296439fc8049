"""The data catalogue: each published dataset's files, page entry and schema.org JSON-LD, and the published
data package."""

import copy
import json

from . import urls
from .citation import cite, reuse_terms
from .downloads import dataset_json, human_size, table_csv
from .model import Dataset, Publication, SiteData
from .periods import made_by_site, temporal_coverage


def catalogued(data: SiteData) -> list[Dataset]:
    """The datasets with a page in the catalogue: the data package's tables, in its order."""
    return [data.datasets[resource["name"]] for resource in data.package["resources"]]


def dataset_files(dataset: Dataset) -> dict[str, bytes]:
    """A dataset's downloads by their place in the site. Comparisons have no page of their own, but their
    figures download like any table's."""
    return {
        urls.dataset_csv(dataset.name): table_csv(dataset.field_names, dataset.rows),
        urls.dataset_json(dataset.name): dataset_json(dataset),
    }


def entry(data: SiteData, dataset: Dataset, siteurl: str, sitename: str = "") -> dict:
    """What the catalogue and the dataset's own page show of it."""
    files = dataset_files(dataset)
    publications = data.publications_of(dataset.rows)
    url = urls.dataset_page(dataset.name)
    return dict(
        dataset=dataset,
        url=url,
        publications=publications,
        terms=reuse_terms(publications),
        charts=[c for c in data.charts.values() if c.dataset == dataset.name],
        last_updated=dataset.last_updated,
        citation=cite(dataset.title, "dataset", publications, urls.absolute(siteurl, url)),
        csv_size=human_size(len(files[urls.dataset_csv(dataset.name)])),
        json_size=human_size(len(files[urls.dataset_json(dataset.name)])),
        json_ld=json_ld(data, dataset, publications, siteurl, sitename),
    )


def data_package(data: SiteData) -> bytes:
    """datapackage.yaml as published: the same descriptor, pointing at the published CSV files."""
    descriptor = copy.deepcopy(data.package)
    for resource in descriptor["resources"]:
        resource.update(path=urls.dataset_csv(resource["name"]), encoding="utf-8-sig", format="csv")
    return json.dumps(descriptor, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def json_ld(
    data: SiteData, dataset: Dataset, publications: tuple[Publication, ...], siteurl: str, sitename: str = ""
) -> str:
    """schema.org Dataset metadata, for search engines and data portals: its period and maker derived from
    the rows (periods.py), never assumed."""
    if made_by_site(data, dataset):
        creator = [{"@type": "Organization", "name": sitename, **({"url": f"{siteurl}/"} if siteurl else {})}]
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
        "url": urls.absolute(siteurl, urls.dataset_page(dataset.name)),
        "creator": creator,
        "temporalCoverage": temporal_coverage(data, dataset, dataset.rows),
        "variableMeasured": [f.title for f in dataset.fields],
        "isBasedOn": [p.source_document for p in publications],
        "usageInfo": " ".join(terms for _, terms in reuse_terms(publications)),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": urls.absolute(siteurl, urls.dataset_csv(dataset.name)),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": urls.absolute(siteurl, urls.dataset_json(dataset.name)),
            },
        ],
    }
    return script_json(document)


# Inside <script>, "</script" would end the element and "<!--" can stop it ending at all; "&" is escaped too
# so that no character reads as markup. JSON allows each as a \u escape, and they occur only inside strings.
SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(document) -> str:
    """JSON to place inside a <script> element as it is: no character in it can end or change the element."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(SCRIPT_ESCAPES)
