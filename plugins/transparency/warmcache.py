"""What the warm preview keeps in memory between its rebuilds: data/ as loaded.

The preview's build process (warmbuild.py) runs one build after another. It keeps the SiteData it loaded
and gives it to the next build while every file of the data folder is byte for byte what it was and the
kinds of publication are the same; a load that fails keeps nothing new, so the next build reports it again.
When data/ is loaded again, each table whose declaration and file are unchanged is the Dataset it was,
with its digest (fingerprint.LASTING), so only the changed table's is made again; and each chart's specs
are kept by what they are made from (chartfiles.KEPT_SPECS).
Everything else a build reuses is in the cache folder, as for `make html`: the articles as read
(keptreads.py), the chart images and figures, and the output files carried over (outputs.py).
`install` puts `warm_load` in place of the plugin's own loading, in this process only.
"""

import hashlib
from pathlib import Path

from . import chartfiles, pelican_hooks
from .inputs import files_under
from .load import load_site_data
from .model import SiteData


class Kept:
    """The data kept between builds, and how often it was used again (printed after each build)."""

    def __init__(self) -> None:
        self.data_key: tuple | None = None
        self.data: SiteData | None = None
        self.tables: dict = {}  # each table as the last load read it (load.read_kept)
        self.counts = {"data kept": 0, "data loaded": 0}


KEPT = Kept()


def install() -> None:
    pelican_hooks.load_site_data = warm_load
    chartfiles.KEPT_SPECS = {}


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in files_under(folder):
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0unreadable"
        digest.update(f"{path.relative_to(folder)}\0".encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def warm_load(data_dir: Path, cache=None, kinds=None) -> SiteData:
    """load.load_site_data, but data/ as it was loaded last when no file in it has changed since."""
    # Taken before reading: a file saved while data/ is read makes the next build read it again.
    key = (str(Path(data_dir).resolve()), None if kinds is None else tuple(sorted(kinds)))
    key += (folder_digest(Path(data_dir)),)
    if KEPT.data is not None and key == KEPT.data_key:
        KEPT.counts["data kept"] += 1
        return KEPT.data
    # A DataError leaves the last good data kept; an unchanged table is the same object as before.
    data = load_site_data(data_dir, cache, kinds=kinds, read_before=KEPT.tables)
    KEPT.counts["data loaded"] += 1
    KEPT.data, KEPT.data_key = data, key
    return data
