"""What shape each plugin setting's value must have: each check returns what is wrong, or "" if nothing."""

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any
from urllib.parse import urlsplit

from .chartstyle import ChartStyle
from .errors import Problem, did_you_mean
from .text import check_id

KIND_KEYS = {"category": "the category's name", "name": "one publication, in a sentence", "folder": ""}


def text(value: Any) -> str:
    return "" if isinstance(value, str) and value else "is not a text (expected a folder name in quotes)"


def folder_or_none(value: Any) -> str:
    return "" if value is None else text(value)


def yes_or_no(value: Any) -> str:
    return "" if isinstance(value, bool) else "is not True or False"


def workers(value: Any) -> str:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)
    return "" if ok else "is not a whole number above 0 or None"


def kind_declarations(value: Any) -> str:
    if not isinstance(value, Mapping) or not value:
        return 'is not a dict of kinds, such as {"audit": {"category": "Audits", "name": "audit", ...}}'
    for kind, declared in value.items():
        problems: list[Problem] = []
        if not check_id(kind, "kind", kind, problems):
            return f'has the kind "{kind}", which is not a slug such as foi-response'
        if not isinstance(declared, Mapping) or set(declared) != set(KIND_KEYS):
            keys = ", ".join(f'"{key}"' for key in KIND_KEYS)
            return f'kind "{kind}" does not have exactly the keys {keys}'
        if text(declared["category"]) or text(declared["name"]) or folder_or_none(declared["folder"]):
            return f'kind "{kind}" needs texts for "category" and "name", and a folder or None for "folder"'
    return ""


def style_keys(value: Any) -> str:
    known = [f.name for f in fields(ChartStyle)]
    if not isinstance(value, Mapping):
        return "is not a dict (expected keys such as " + ", ".join(known) + ")"
    for key in value:
        if key not in known:
            return f'has an unknown key "{key}"; {did_you_mean(str(key), known)}'
    return ""


def public_url(value: Any) -> str:
    if value is None:
        return ""  # a preview: outward addresses are placeholders, and say so
    example = 'such as "https://data.example.gov.uk/caseloads"'
    if value == "":
        return (
            "is not set: a published site needs its public address, the one every address leaving the site "
            f"starts from ({example}); write it in publishconf.py or run "
            "TRANSPARENCY_PUBLIC_URL=https://... make publish"
        )
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        return f"is not a web address (expected one starting https://, {example})"
    if value.endswith("/") or parts.query or parts.fragment or re.search(r"[\s\"'<>\\{}]", value):
        return f"is not a plain address (expected no trailing slash, query, space, quote or brace, {example})"
    return ""


def licence(value: Any) -> str:
    ok = isinstance(value, Mapping) and set(value) == {"name", "url"}
    if not ok or not all(isinstance(value[key], str) and value[key] for key in value):
        return 'is not a licence (expected {"name": "...", "url": "https://..."})'
    parts = urlsplit(value["url"])
    ok = parts.scheme in ("http", "https") and parts.hostname
    return "" if ok else 'has a "url" that is not a web address (expected one starting https://)'


def contact_route(value: Any) -> str:
    if value is None:
        return ""  # a preview: the pages say that it is not set
    if value == "":
        return (
            "is not set: a published site needs a real way to reach its editors (an e-mail address or a web "
            'address, such as "caseloads@example.gov.uk"); write it in publishconf.py or run '
            "TRANSPARENCY_CONTACT=... make publish"
        )
    ok = isinstance(value, str) and (
        re.fullmatch(r"[^@\s<>\"'()\[\]]+@[^@\s<>\"'()\[\]]+\.[a-z]{2,}", value)
        or (urlsplit(value).scheme in ("http", "https") and not re.search(r"[\s\"'<>()\[\]]", value))
    )
    return "" if ok else "is not an e-mail address or a web address starting https://"


def area_or_none(value: Any) -> str:
    return (
        "" if value is None or (isinstance(value, str) and value.strip()) else "is not a place name or None"
    )
