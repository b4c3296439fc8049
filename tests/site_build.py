"""Shared by the test modules: where the project is, how to copy and build it, and how to read the site."""

import atexit
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the plugin is imported from plugins/, as Pelican does

from plugins.transparency.errors import DataError  # noqa: E402
from plugins.transparency.load import load_site_data  # noqa: E402

# One folder for the whole test run, shared by pytest-xdist's workers: the first process to import this (pytest
# itself, or xdist's controller) makes it and names it in the environment, which the workers it starts inherit.
RUN_FOLDER = "TRANSPARENCY_TEST_RUN"
if not os.environ.get(RUN_FOLDER):
    os.environ[RUN_FOLDER] = tempfile.mkdtemp(prefix="transparency-test-run-")
    atexit.register(shutil.rmtree, os.environ[RUN_FOLDER], ignore_errors=True)
RUN = Path(os.environ[RUN_FOLDER])
# One cache for every build of a test run (the cache writes each image by rename, so workers may share it), in
# a folder of its own: never the checkout's warm .cache/, so a build that renders differently each time
# cannot hide behind images an earlier run left there.
TEST_CACHE = RUN / "cache"
TEST_CACHE.mkdir(parents=True, exist_ok=True)
PROJECT_FILES = ("content", "data", "theme", "plugins", "pelicanconf.py", "publishconf.py", "Makefile")


def run_pelican(
    output: Path, settings_file: str, *overrides: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Run Pelican as `make html` does; a wide console keeps its messages on whole lines.

    `overrides` are settings as Pelican's -e takes them ("NAME=value"; a "-e" before each is allowed). They
    are given in one -e, as Pelican keeps only the last; the test run's cache is used unless one is named."""
    given = [value for value in overrides if value != "-e"]
    if not any(value.startswith("TRANSPARENCY_CACHE_PATH=") for value in given):
        given.append(f'TRANSPARENCY_CACHE_PATH="{TEST_CACHE}"')
    command = [sys.executable, "-m", "pelican", "--fatal", "errors", "-s", settings_file, "-e", *given]
    command += ["-o", str(output)]
    environment = {**os.environ, "COLUMNS": "500"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)


def built_once(name: str, build: Callable[[Path], None]) -> Path:
    """A site built by `build` once for the whole run, in the run's folder: the first worker to ask builds it
    (under a lock) and the others wait for it and read the same files. A build that failed is tried again by
    the next to ask, so each of them fails with the build's own message."""
    output, done = RUN / name, RUN / f"{name}.built"
    with (RUN / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(output, ignore_errors=True)
            build(output)
            done.touch()
    return output


def build_pelican_site(output: Path) -> None:
    """The site as Pelican builds it with pelicanconf.py (no search index); what it printed is kept beside it
    (printed_by), for the tests of what a build says."""
    result = run_pelican(output, str(ROOT / "pelicanconf.py"))
    assert result.returncode == 0, result.stdout + result.stderr
    printed_by(output).write_text(result.stdout, encoding="utf-8")


def printed_by(output: Path) -> Path:
    return output.with_name(output.name + ".stdout")


def pelican_site() -> Path:
    """The site as Pelican builds it with pelicanconf.py, built once per run; never to be changed by a test."""
    return built_once("site", build_pelican_site)


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_FILES) -> Path:
    """A copy of the project's sources (not its output or caches) to change and build. Its cache folder
    (the default TRANSPARENCY_CACHE_PATH) is the test run's, so a build made there with `make html` shares
    the run's images but never a checkout's."""
    cache = target / ".cache" / "transparency"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.symlink_to(TEST_CACHE, target_is_directory=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by its path there, with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def rgb(colour: str) -> tuple[float, float, float]:
    """An opaque "rgb(r, g, b)" or "#rrggbb" colour as three 0..1 channels."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    channels = colour[colour.index("(") + 1 : -1].replace(",", " ").replace("/", " ").split()
    assert len(channels) == 3 or float(channels[3]) == 1, f"{colour} is not opaque"
    return tuple(float(channel) / 255 for channel in channels[:3])


def contrast(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two colours (relative luminance with the 0.04045 threshold of sRGB)."""

    def luminance(colour: str) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def load_problems(data_dir: Path) -> list[str]:
    """Every problem the loader reports for a data folder that must fail."""
    with pytest.raises(DataError) as raised:
        load_site_data(data_dir)
    return [str(problem) for problem in raised.value.problems]


def problems_after(data_copy: Path, file_name: str, old: str, new: str) -> list[str]:
    """Change one thing in a copy of data/ and return every problem the loader then reports."""
    path = data_copy / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_problems(data_copy)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_figure(project: Path) -> None:
    """Change one CSV value: the first number of the first data row of the first table in data/."""
    table = sorted((project / "data").glob("*.csv"))[0]
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    number = next(i for i, cell in enumerate(cells) if cell.strip().replace(".", "", 1).isdigit())
    cells[number] = cells[number].strip() + "1" + ("\n" if cells[number].endswith("\n") else "")
    table.write_text("".join([lines[0], ",".join(cells), *lines[2:]]), encoding="utf-8")
