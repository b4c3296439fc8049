import shutil
import sys
from pathlib import Path

import pytest
from site_build import ROOT, run_pelican

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
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site")
    result = run_pelican(output, str(ROOT / "pelicanconf.py"))
    assert result.returncode == 0, result.stdout + result.stderr
    return output
