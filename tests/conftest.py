import shutil
import sys
from pathlib import Path

import pytest
from site_build import ROOT, pelican_site

sys.path.insert(0, str(ROOT))

from plugins.transparency.load import load_site_data  # noqa: E402


@pytest.fixture(scope="session")
def site_data():
    """The real data/ folder, loaded once."""
    return load_site_data(ROOT / "data")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ to break on purpose; paths in messages are relative to tmp_path."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.chdir(tmp_path)
    return copy


@pytest.fixture(scope="session")
def site() -> Path:
    """The site as `make html` builds it before the search index, built once for the whole run."""
    return pelican_site()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "starts_first: a file (or test) whose builds take 15 s or more: handed to a worker before the others",
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`make test` runs --dist loadgroup: each test file is one group, kept on one worker as --dist loadfile
    would (its module fixtures built once), but a test marked spread_over_workers goes to whichever is free.

    Those come last: xdist hands out work in this order, so the whole files go first and the single tests fill
    in around the last of them, rather than one worker finishing a long file alone at the end. Of the whole
    files, those marked starts_first (their builds take 15 s or more) go first, so none of them is left to
    start last; a slow test with no module fixture to share has a group of its own, so it can run on
    another worker than the rest of its file (tests/test_bench.py, tests/test_rebuilds.py)."""
    for item in items:
        if not item.get_closest_marker("spread_over_workers") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    items.sort(
        key=lambda item: (
            item.get_closest_marker("spread_over_workers") is not None,
            item.get_closest_marker("starts_first") is None,
        )
    )
