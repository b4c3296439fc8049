"""Read the YAML files of data/ safely: no duplicate keys, no hidden characters, bounded size and depth."""

import json
from pathlib import Path
from typing import Any

import yaml

from .cache import Cache, checked_text, code_digests, led_by_hash, sha256
from .errors import Problem, shown
from .text import check_text, decode, read_bytes

# Besides a file's bytes, what decides the document read from it: PyYAML (and whether libyaml parses) and the
# code that checks it (this module, text.py).
READING = "|".join(
    [f"PyYAML {yaml.__version__}", f"libyaml {hasattr(yaml, 'CSafeLoader')}"]
    + code_digests("yamlfile.py", "text.py")
)

# A 450-byte file of aliases of aliases stands for billions of values, and a list nested 50,000 deep
# crashes the YAML library: both are refused before anything is built from the file.
MAX_DEPTH = 50
MAX_VALUES = 1_000_000


class DataYamlLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: PyYAML crashes on an impossible date such as 2025-02-30,
    so dates are read by read_date, which reports it like any other mistake."""


DataYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastDataYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsed by libyaml where PyYAML has it: about 7 times faster on a national site's files.
    A file it rejects is read again by DataYamlLoader, whose messages say where the mistake is."""

    yaml_implicit_resolvers = DataYamlLoader.yaml_implicit_resolvers


def read_yaml(path: Path, problems: list[Problem], cache: Cache | None = None) -> Any:
    """The document in a YAML file, or None with the file's problems added.

    A document read without problems is kept in `cache` by the file's bytes (a national site's three files
    take 0.6 s to parse and check, their JSON 6 ms); a file with problems is read again, so they are said
    again, and a damaged entry (led by its hash) is read again."""
    content = read_bytes(path, problems)
    text = None if content is None else decode(path, content, problems)
    if text is None:
        return None
    entry = f"{sha256(f'{READING}|'.encode() + content)}.yaml.json"
    kept = cache.parse(entry, kept_document) if cache else None
    if kept is not None:
        return kept
    document = parsed(path, text, problems)
    if cache and document is not None:
        as_json = json.dumps(document, ensure_ascii=False)
        if json.loads(as_json) == document:  # only what JSON gives back exactly (not a number used as a key)
            cache.write(entry, led_by_hash(as_json))
    return document


def kept_document(entry: bytes) -> Any:
    """The document a cache entry holds; None if it was damaged."""
    text = checked_text(entry)
    return None if text is None else json.loads(text)


def parsed(path: Path, text: str, problems: list[Problem]) -> Any:
    try:
        try:
            found = check_events(path, yaml.parse(text, Loader=FastDataYamlLoader))
        except yaml.YAMLError:
            found = check_events(path, yaml.parse(text, Loader=DataYamlLoader))
        if found:
            problems.extend(found)
            return None
        document = yaml.load(text, Loader=FastDataYamlLoader)
    except yaml.YAMLError as error:
        problems.append(yaml_problem(path, error))
        return None
    if document is None:
        problems.append(Problem(shown(path), "is empty"))
    return document


def yaml_problem(path: Path, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    where = f"{shown(path)}, line {mark.line + 1}, column {mark.column + 1}" if mark else shown(path)
    what = getattr(error, "problem", None) or str(error)
    # PyYAML finds an unclosed quote or bracket only at the end of the file: say where it began.
    context, began = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and began and mark and began.line != mark.line:
        what += f" ({context} from line {began.line + 1}, column {began.column + 1})"
    return Problem(where, f"is not valid YAML: {what}")


class Node:
    """A mapping or list being read: how many values it holds (aliases counted in full) and its keys."""

    def __init__(self, event: yaml.Event) -> None:
        self.event = event
        self.values = 1
        self.keys: set[str] | None = set() if isinstance(event, yaml.MappingStartEvent) else None
        self.at_key = True  # in a mapping, whether the next value read is a key


def check_events(path: Path, events) -> list[Problem]:
    """Problems that YAML itself accepts, found in one pass over the parser's events (which, unlike
    building the document, needs no recursion): a key given twice, hidden characters, too deep, too big."""
    problems: list[Problem] = []
    anchored: dict[str, int] = {}  # values each anchor stands for
    open_nodes: list[Node] = []
    expanded = 0  # values in the document, each alias counted as all it stands for

    where = shown(path)  # once: every scalar is checked with its place named

    def line(event: yaml.Event) -> str:
        return f"{where}, line {event.start_mark.line + 1}"

    def add(values: int, event: yaml.Event, anchor: str | None, key: str | None) -> None:
        if anchor:
            anchored[anchor] = values
        if not open_nodes:
            return
        parent = open_nodes[-1]
        parent.values += values
        if parent.keys is not None:
            if parent.at_key and key is not None:
                if key in parent.keys:
                    problems.append(
                        Problem(line(event), f'repeats the key "{key}"', "each key once in a mapping")
                    )
                parent.keys.add(key)
            parent.at_key = not parent.at_key

    for event in events:
        if isinstance(event, yaml.AliasEvent):
            expanded += anchored.get(event.anchor, 1)
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            expanded += 1
        if isinstance(event, yaml.ScalarEvent):
            check_text(line(event), event.value, problems)
            add(1, event, event.anchor, event.value)
        elif isinstance(event, yaml.AliasEvent):
            add(anchored.get(event.anchor, 1), event, None, None)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_nodes.append(Node(event))
            if len(open_nodes) > MAX_DEPTH:
                return [Problem(line(event), f"nests lists or mappings more than {MAX_DEPTH} deep")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node = open_nodes.pop()
            add(node.values, node.event, node.event.anchor, None)
        if expanded > MAX_VALUES:
            return [
                Problem(
                    line(event),
                    f"stands for more than {MAX_VALUES:,} values once its aliases (*name) are expanded",
                    "a file of publications, charts or tables, with few or no aliases",
                )
            ]
    return problems
