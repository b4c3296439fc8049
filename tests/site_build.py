"""Shared by the test modules: where the project is, and how to build and read the site."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the plugin is imported from plugins/, as Pelican does

from plugins.transparency.errors import DataError  # noqa: E402
from plugins.transparency.load import load_site_data  # noqa: E402


def run_pelican(output: Path, *settings: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run Pelican as `make html` does; a wide console keeps its messages on whole lines."""
    command = [sys.executable, "-m", "pelican", "--fatal", "errors", "-s", *settings, "-o", str(output)]
    environment = {**os.environ, "COLUMNS": "500"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def problems_after(data_copy: Path, file_name: str, old: str, new: str) -> list[str]:
    """Change one thing in a copy of data/ and return every problem the loader then reports."""
    path = data_copy / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(data_copy)
    return [str(problem) for problem in raised.value.problems]
