"""Digests of what an output is made from: values a template reads, and the templates themselves.

A digest is the same for equal values in any process, so a later build can tell that an output's inputs
are unchanged. Anything it cannot tell the same way twice (an object known only by its address) gets a
digest of its own, never equal to another build's: its outputs are made again, never wrongly kept.
"""

import dataclasses
import hashlib
import itertools
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from types import FunctionType, ModuleType

import jinja2
from jinja2 import meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .model import Chart, Dataset, Publication

# Values made once from data/ and never changed after: each keeps its digest on itself, so that a warm
# preview's next build, which has the unchanged ones still (load.py keeps an unchanged table's Dataset),
# does not make it again. Only a digest that another process would make too is kept (see Digests.of).
LASTING = (Dataset, Chart, Publication)
KEPT_ON = "_digest"
ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# Pelican's own links between content objects and to the whole site: a page's own digest covers its text,
# metadata and address; the site's addresses are covered once per build (outputs.site_addresses).
CONTENT_SKIPPED = {"settings", "_context"}
PLAIN = (str, bytes, int, float, bool, type(None), date, datetime, Decimal)
UNIQUE = itertools.count()


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class Digests:
    """Digests of one build's values; big ones are made once (kept with their object, so no other object
    can take its id while the build lasts)."""

    def __init__(self) -> None:
        # id -> (the value, its digest, whether that digest is this build's own: see _parts' "unique")
        self._kept: dict[int, tuple[object, str, bool]] = {}
        self._unique = 0  # unique digests made or used so far: a value's own count says if it holds one

    def of(self, value: object) -> str:
        if isinstance(value, PLAIN):
            return sha(f"{type(value).__name__}:{value!r}")
        kept = self._kept.get(id(value))
        if kept is not None and kept[0] is value:
            self._unique += kept[2]
            return kept[1]
        lasting = isinstance(value, LASTING)
        if lasting and (digest := value.__dict__.get(KEPT_ON)) is not None:
            return digest
        before = self._unique
        digest = sha(f"{type(value).__module__}.{type(value).__qualname__}:{self._parts(value)}")
        unique = self._unique > before
        self._kept[id(value)] = (value, digest, unique)
        if lasting and not unique:  # frozen: set as its own dataclass __init__ does
            object.__setattr__(value, KEPT_ON, digest)
        return digest

    def _part(self, value: object) -> str:
        """A value inside a bigger one: a plain value as its own text (with its length, so that no two
        lists join to the same text), which the whole's digest covers; hashing each cell of a national
        site's tables cost a third of the digests' time."""
        if isinstance(value, PLAIN):
            text = f"{type(value).__name__}:{value!r}"
            return f"{len(text)}:{text}"
        return self.of(value)

    def _parts(self, value: object) -> str:
        part = self._part
        if isinstance(value, Mapping):
            return ",".join(sorted(f"{part(k)}={part(v)}" for k, v in value.items()))
        if isinstance(value, (list, tuple)):
            return ",".join(part(item) for item in value)
        if isinstance(value, (set, frozenset)):
            return ",".join(sorted(part(item) for item in value))
        if isinstance(value, Content):
            return self.of({k: v for k, v in vars(value).items() if k not in CONTENT_SKIPPED})
        if isinstance(value, URLWrapper):
            return self.of((value.name, value.slug, value.url, value.save_as))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return self.of({f.name: getattr(value, f.name) for f in fields if f.compare})
        if type(value).__module__ == "pelican.paginator":  # a list's page: made again with its list
            self._unique += 1
            return f"unique {next(UNIQUE)}"
        if isinstance(value, ModuleType):
            return value.__name__  # its code is in the plugin's digest (outputs.environment)
        if isinstance(value, (FunctionType, type)):
            return f"{value.__module__}.{value.__qualname__}"
        text = repr(value)
        if ADDRESS.search(text):  # an object the build made: unknown, so never the same as before
            self._unique += 1
            return f"unique {next(UNIQUE)} {id(value)} {hashlib.sha256(text.encode()).hexdigest()}"
        return text


class TemplateReads:
    """For each template: its source and the sources of every template it extends, includes or imports,
    and every name they read from the context."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment
        self._known: dict[str, tuple[str, frozenset[str] | None]] = {}

    def of(self, name: str) -> tuple[str, frozenset[str] | None]:
        """(digest of the sources, names read); names None when a template is chosen at render time, so
        what it reads cannot be known."""
        if name not in self._known:
            sources, names, waiting, seen = [], set(), [name], set()
            while waiting:
                current = waiting.pop()
                if current in seen:
                    continue
                seen.add(current)
                source, _, _ = self.environment.loader.get_source(self.environment, current)
                sources.append(f"{current}\0{source}")
                tree = self.environment.parse(source)
                names |= meta.find_undeclared_variables(tree)
                for referenced in meta.find_referenced_templates(tree):
                    if referenced is None:
                        names = None
                        break
                    waiting.append(referenced)
                if names is None:
                    break
            self._known[name] = (sha("\0".join(sorted(sources))), None if names is None else frozenset(names))
        return self._known[name]
