"""The data catalogue: each published table's files, page entry and citation, and the published data package
with its licences and sources."""

import copy
import json

from . import urls
from .citation import EXPORTS, Citation, exports, plain_text, reuse_terms, site_date
from .downloads import dataset_json, human_size, table_csv, zip_of
from .model import Dataset, Publication, SiteData
from .periods import made_by_site, period_label
from .siteinfo import Site
from .symbols import MISSING_VALUES, SYMBOLS

SYMBOL_KEYS = (MISSING_VALUES, SYMBOLS)


def catalogued(data: SiteData) -> list[Dataset]:
    """Every published table, each with a page: the data package's tables in its order, then the
    comparisons (their figures are published as a table too, so they are catalogued like one)."""
    names = [resource["name"] for resource in data.package["resources"]] + list(data.comparisons)
    return [data.datasets[name] for name in names]


def last_updated(data: SiteData, dataset: Dataset):
    """A table's last change: its own date, or for a comparison the newest of the tables it joins."""
    if dataset.last_updated or not dataset.derived_from:
        return dataset.last_updated
    return site_date(*(data.datasets[name].last_updated for name in dataset.derived_from))


def licences(data: SiteData, dataset: Dataset, site: Site) -> list[tuple[str, str]]:
    """The licences of a table's contents, only where they are known: the site's for a table its editors
    made (the team mapping), else its sources' own, if every source states one."""
    if made_by_site(data, dataset) and not dataset.derived_from:
        return [site.licence]
    publications = data.publications_of(dataset.rows)
    if not publications or any(p.licence is None for p in publications):
        return []
    return list(dict.fromkeys(p.licence for p in publications))


def citation(data: SiteData, dataset: Dataset, site: Site) -> Citation:
    publications = data.publications_of(dataset.rows)
    return Citation(
        key=dataset.name,
        title=dataset.title,
        kind="dataset",
        site=site.name,
        site_url=site.url(""),
        url=site.url(urls.dataset_page(dataset.name)),
        issued=site_date(last_updated(data, dataset), *(p.first_published for p in publications)),
        sources=publications,
        preview=site.preview,
    )


def about(data: SiteData, dataset: Dataset, site: Site) -> dict:
    """What a table's JSON download says of it: period, sources, licences and re-use terms."""
    publications = data.publications_of(dataset.rows)
    return {
        "period": period_label(data, dataset, dataset.rows),
        "sources": [source(p) for p in publications],
        "licenses": [licence(*known) for known in licences(data, dataset, site)],
        "reuse_terms": [terms.text for terms in reuse_terms(publications)],
        "page": site.url(urls.dataset_page(dataset.name)),
    }


def downloads(data: SiteData, dataset: Dataset, site: Site) -> dict[str, bytes]:
    """A table's downloads (CSV and JSON), by their place in the site."""
    return {
        urls.dataset_csv(dataset.name): table_csv(dataset.field_names, dataset.rows),
        urls.dataset_json(dataset.name): dataset_json(dataset, about(data, dataset, site)),
    }


def dataset_files(data: SiteData, dataset: Dataset, site: Site) -> dict[str, bytes]:
    """A table's downloads and its citation's, by their place in the site."""
    files = downloads(data, dataset, site)
    for extension, text in exports(citation(data, dataset, site)).items():
        files[urls.dataset_file(dataset.name, extension)] = text.encode("utf-8")
    return files


def listing(data: SiteData, dataset: Dataset, files: dict[str, bytes]) -> dict:
    """What the catalogue page lists of a table; `files` holds at least its downloads."""
    return dict(
        dataset=dataset,
        url=urls.dataset_page(dataset.name),
        last_updated=last_updated(data, dataset),
        period=period_label(data, dataset, dataset.rows),
        csv_size=human_size(len(files[urls.dataset_csv(dataset.name)])),
        json_size=human_size(len(files[urls.dataset_json(dataset.name)])),
    )


def entry(data: SiteData, dataset: Dataset, site: Site, files: dict[str, bytes], json_ld: str) -> dict:
    """What the dataset's own page shows of it; its JSON-LD comes from jsonld.py."""
    publications = data.publications_of(dataset.rows)
    cited = citation(data, dataset, site)
    return dict(
        listing(data, dataset, files),
        publications=publications,
        terms=reuse_terms(publications),
        charts=[c for c in data.charts.values() if c.dataset == dataset.name],
        citation=plain_text(cited),
        exports=cited_files(cited, urls.dataset_file(dataset.name, "")[:-1]),
        json_ld=json_ld,
    )


def cited_files(cited: Citation, stem: str) -> list[dict]:
    """The citation's exports as the page shows them: format, file and text."""
    texts = exports(cited)
    return [dict(name=name, path=f"{stem}.{ext}", text=texts[ext]) for ext, (name, _) in EXPORTS.items()]


def licence(name: str, url: str) -> dict:
    return {"title": name, "path": url}


def source(publication: Publication) -> dict:
    described = {"title": f"{publication.publisher}: {publication.title}"}
    if publication.url:
        described["path"] = publication.url
    return described


def comparison_resource(data: SiteData, dataset: Dataset) -> dict:
    """A comparison described as a table: each field as its source table declares it."""
    declared = {
        field["name"]: field
        for resource in data.package["resources"]
        if resource["name"] in dataset.derived_from
        for field in resource["schema"]["fields"]
    }
    fields = [
        copy.deepcopy(declared[f.name])
        if f.name in declared
        else {"name": f.name, "title": f.title, "type": f.type, "description": f.description}
        for f in dataset.fields
    ]
    schema = {"fields": fields, "primaryKey": list(dataset.primary_key)}
    for resource in data.package["resources"]:
        # The compared figures keep the symbols their table declares, with their meanings.
        if resource["name"] == dataset.derived_from[-1]:
            schema.update({k: copy.deepcopy(v) for k, v in resource["schema"].items() if k in SYMBOL_KEYS})
    return {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "derived_from": list(dataset.derived_from),
        "schema": schema,
    }


def data_package(data: SiteData, site: Site) -> bytes:
    """datapackage.yaml as published: the same descriptor, with the comparisons, pointing at the published
    CSV files, each table with its sources and any licence they state; the package's own licence is the
    site's, for what the site wrote."""
    descriptor = copy.deepcopy(dict(data.package))
    resources = descriptor.pop("resources")
    resources += [comparison_resource(data, data.datasets[name]) for name in data.comparisons]
    everything = data.publications_of(tuple(row for d in catalogued(data) for row in d.rows))
    published = {
        # The package's name, title and description first, where datapackage.yaml gives them.
        **{key: descriptor.pop(key) for key in ("name", "title", "description") if key in descriptor},
        "homepage": site.url(urls.datasets_page()),
        "licenses": [licence(*site.licence)],
        "sources": [source(p) for p in everything],
        **descriptor,
        "resources": resources,
    }
    for resource in resources:
        dataset = data.datasets[resource["name"]]
        resource.update(path=urls.dataset_csv(dataset.name), encoding="utf-8-sig", format="csv")
        resource["sources"] = [source(p) for p in data.publications_of(dataset.rows)]
        known = licences(data, dataset, site)
        if known:
            resource["licenses"] = [licence(*each) for each in known]
        # Without a licence of its own a resource would seem to fall under the package's (the site's):
        # its figures keep their sources' terms, and this says so.
        resource["reuse_terms"] = " ".join(t.text for t in reuse_terms(data.publications_of(dataset.rows)))
    return json.dumps(published, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def all_data(data: SiteData, package: bytes, files: dict[str, bytes]) -> bytes:
    """Every published table and the data package (as data_package made it) in one zip, laid out as the
    site is, so that the package's paths hold inside it; dated by the newest table, so that builds repeat
    exactly."""
    members = {urls.data_package(): package}
    members.update({urls.dataset_csv(d.name): files[urls.dataset_csv(d.name)] for d in catalogued(data)})
    newest = site_date(*(last_updated(data, d) for d in catalogued(data)))
    return zip_of(members, newest)
