"""The warm preview (make devserver): one build process rebuilds on each change and the served pages show it;
a bad save keeps the last good site up and the next good save recovers; a change to the plugin's code starts
a fresh build process. No timing is asserted here (benchmarks/preview.py measures it)."""

import csv
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from site_build import ROOT, copy_project, run_pelican, snapshot
from test_carried_outputs import CHANGES

from plugins.transparency import sitebuild

PUBLICATION = "asc-caseload-audit-2024-25"
PAGE = f"publications/{PUBLICATION}/index.html"
SURVEY = "staff-survey-fair-caseload"  # a table with a chart of its own, quoted by {{ value }} on pages
SHORTCODE = f"{{{{ value {SURVEY} 2024/25 }}}}"
VENV = ROOT / ".venv"
needs_venv = pytest.mark.skipif(not (VENV / "bin" / "pelican").exists(), reason="needs make's .venv")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """The devserver as `make devserver` runs it, its output read line by line."""

    def __init__(self, project: Path):
        self.project, self.port = project, free_port()
        command = [sys.executable, "plugins/transparency/devserver.py", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if line.startswith(start):
                return line
        raise AssertionError(f"no line starting {start!r}; saw:\n" + "\n".join(self.seen))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def pages_with(self, text: str) -> set[str]:
        """The site's pages (as served) that hold text."""
        output = self.project / "output"
        found = {str(p.relative_to(output)) for p in output.rglob("*.html")}
        return {page for page in found if text in self.get(page)}

    def build_process(self) -> str:
        """The id of the process that made the last build, from its line after swapping it in."""
        said = self.wait_for("Swapped in")
        return re.search(r"process (\d+)", said)[1]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def idle_lock(project: Path, timeout: float = 120) -> int:
    """The folder's lock, as `make html` takes it, once the preview has finished with it (after serving a
    build it still deletes the old site, and runs Pagefind, under the lock)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return sitebuild.take_lock(project / ".build.lock")
        except sitebuild.BuildError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def survey_figure(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as table:
        return next(r for r in csv.DictReader(table) if r["survey_period"] == "2024/25")[
            "percent_fair_and_manageable"
        ]


def set_survey_figure(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert f"2024/25,{old}," in text
    path.write_text(text.replace(f"2024/25,{old},", f"2024/25,{new},"), encoding="utf-8")


@needs_venv
def test_preview_shows_each_change_and_keeps_the_last_good_site_through_a_bad_one(tmp_path):
    project = copy_project(tmp_path / "project")
    survey = project / "data" / f"{SURVEY}.csv"
    quoting = [p for p in (project / "content").rglob("*.md") if SHORTCODE in p.read_text(encoding="utf-8")]
    old = survey_figure(survey)
    preview = Preview(project)
    try:
        first = preview.build_process()
        preview.wait_for("Watching")
        shown = {page: preview.get(page) for page in preview.pages_with(f"{old}%")}
        new = next(str(n) for n in range(1, 100) if not any(f"{n}%" in t for t in shown.values()))

        # One value: every page quoting it, and the chart's own page, show the new figure.
        set_survey_figure(survey, old, new)
        preview.wait_for(f"Changed: data/{SURVEY}.csv")
        assert preview.build_process() == first
        preview.wait_for("Serving the new build")
        showing = preview.pages_with(f"{new}%")
        assert PAGE in showing and f"charts/{SURVEY}/index.html" in showing
        assert len(showing) >= len(quoting) + 1  # each page that quotes it, and the chart's page

        # One article: the edit shows, and data/ was not read again for it.
        article = project / "content" / "audits" / f"{PUBLICATION}.md"
        sentence = f"An edit made by the preview test at {time.time_ns()}."
        article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        said = preview.wait_for("Swapped in")
        assert "data kept 1" in said and f"process {first}" in said
        preview.wait_for("Serving the new build")
        assert sentence in preview.get(PAGE)

        # A bad figure: the problem is printed and the last good site stays up; the fix recovers.
        set_survey_figure(survey, new, "n/a")
        preview.wait_for("Build failed")
        assert any('"n/a" is not a number' in line for line in preview.seen)
        assert f"{new}%" in preview.get(PAGE) and sentence in preview.get(PAGE)
        set_survey_figure(survey, "n/a", old)
        assert preview.build_process() == first
        preview.wait_for("Serving the new build")
        assert f"{old}%" in preview.get(PAGE) and f"{new}%" not in preview.get(PAGE)

        # A `make html` by hand holds the folder's lock: the rebuild is refused, the preview stays up.
        held = idle_lock(project)
        try:
            set_survey_figure(survey, old, new)
            preview.wait_for("Build failed")
            assert any(line.startswith("Another build is running in this folder") for line in preview.seen)
            assert f"{old}%" in preview.get(PAGE)
        finally:
            os.close(held)
        survey.write_text(survey.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # any change
        preview.wait_for("Serving the new build")
        assert f"{new}%" in preview.get(PAGE)
    finally:
        preview.stop()


@needs_venv
def test_a_change_to_the_plugins_code_starts_a_fresh_build_process(tmp_path):
    project = copy_project(tmp_path / "project")
    preview = Preview(project)
    try:
        first = preview.build_process()
        preview.wait_for("Watching")
        code = project / "plugins" / "transparency" / "wording.py"
        code.write_text(code.read_text(encoding="utf-8") + "\n# changed by the preview test\n", "utf-8")
        preview.wait_for("The plugin's code changed: starting a fresh build process")
        assert preview.build_process() != first
        preview.wait_for("Serving the new build")
        assert preview.get(PAGE)
    finally:
        preview.stop()


# The kinds of change the warm process must see through: a table (the articles quoting it are read again),
# an article (data/ kept), a table reached only through a comparison, a declaration, a publication's title
# (in the caption of every chart citing it, whose specs the process keeps) and a setting (every article read
# again).
WARM_CHANGES = (
    "one CSV value",
    "an article",
    "the team mapping",
    "a chart declaration",
    "a publication's metadata",
    "a setting",
)


@needs_venv
def test_each_warm_rebuild_is_the_clean_build_of_the_changed_project_byte_for_byte(tmp_path):
    project = copy_project(tmp_path / "project")
    preview = Preview(project)
    try:
        preview.build_process()
        preview.wait_for("Watching")
        held = idle_lock(project)
        try:
            served = snapshot(project / "output")
        finally:
            os.close(held)
        shared: list[int] = []
        for number, change in enumerate(WARM_CHANGES):
            before = served
            CHANGES[change](project)
            preview.wait_for("Serving the new build")
            held = idle_lock(project)  # no build of the preview's may swap a site in while it is read
            try:
                served = snapshot(project / "output")
                # The old site, now the standby folder (standby.py), pruned to the files the new site
                # shares: had any file been written through a hard link, the site served before the swap
                # would have changed, and that file would be here with its new content.
                old = snapshot(project / "output.new")
            finally:
                os.close(held)
            changed = [name for name, content in old.items() if before.get(name) != content]
            assert changed == [], f"after {change}, the site served before the swap was changed"
            shared.append(len(old))  # none after a setting: every file is made again
            clean = tmp_path / f"clean-{number}"
            result = run_pelican(clean, "pelicanconf.py", cwd=project)
            assert result.returncode == 0, result.stdout + result.stderr
            made = snapshot(clean)
            differing = sorted(set(served) ^ set(made)) or [n for n, t in served.items() if made[n] != t]
            assert differing == [], f"after {change}, the warm build differs from the clean one: {differing}"
        assert max(shared) > 0  # the standby folder kept files the new site shared
        # Some of those builds took articles as an earlier build read them (the cache's keptreads.py).
        said = " ".join(preview.seen)
        kept = re.findall(r"(\d+)\s+of\s+(\d+)\s+content\s+files\s+as\s+read\s+before", said)
        assert any(int(reused) > 0 for reused, _ in kept), said
    finally:
        preview.stop()
