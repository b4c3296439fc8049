"""Tables read before, given back as the very same objects while their file and declaration are unchanged.

The warm preview loads data/ again after a change to any file in it (warmcache.py); each table whose CSV
file and declaration are byte for byte what they were is then the Dataset it was, whose digest is kept on
it (fingerprint.LASTING), so only the changed table's digest is made again.
"""

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import Problem
from .model import Dataset


def read_kept(
    read: Callable[[], Dataset | None],
    csv_path: Path | None,
    descriptor: Mapping,
    problems: list[Problem],
    before: dict,
    kept: dict,
) -> Dataset | None:
    """read(), or the Dataset an earlier load read from the same declaration and file (csv_path, None when
    it lies outside data/: read() says so); this load's tables go in kept, if read without a problem."""
    key = None if csv_path is None else (str(csv_path), repr(descriptor), table_bytes(csv_path))
    if key in before:
        kept[key] = before[key]
        return before[key]
    found = len(problems)
    dataset = read()
    # Kept only if the file was not saved again while it was read.
    if dataset and key and key[2] and len(problems) == found and table_bytes(csv_path) == key[2]:
        kept[key] = dataset
    return dataset


def table_bytes(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None
