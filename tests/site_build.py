"""Shared by the test modules: where the project is, and how to build and read the site."""

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def run_pelican(output: Path, *settings: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run Pelican as `make html` does; a wide console keeps its messages on whole lines."""
    command = [sys.executable, "-m", "pelican", "--fatal", "errors", "-s", *settings, "-o", str(output)]
    environment = {**os.environ, "COLUMNS": "500"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
