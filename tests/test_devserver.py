"""The live preview rebuilds on a data change and keeps serving the last good build when a build fails."""

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from site_build import ROOT, copy_project

from plugins.transparency import sitebuild

PAGE = "publications/asc-caseload-audit-2024-25/index.html"
VENV = ROOT / ".venv"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """The devserver as the web team runs it, its output read line by line."""

    def __init__(self, project: Path):
        self.port = free_port()
        build = f"make --no-print-directory html VENV={VENV} -o {VENV}/.installed"
        command = [
            sys.executable,
            "plugins/transparency/devserver.py",
            "--port",
            str(self.port),
            "--build",
            build,
        ]
        self.process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if line.startswith(start):
                return
        raise AssertionError(f"no line starting {start!r}; saw:\n" + "\n".join(self.seen))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.mark.skipif(not (VENV / "bin" / "pelican").exists(), reason="needs make's .venv")
def test_preview_rebuilds_on_a_data_change_and_survives_a_bad_one(tmp_path):
    project = copy_project(tmp_path / "project")
    survey = project / "data" / "staff-survey-fair-caseload.csv"
    preview = Preview(project)
    try:
        preview.wait_for("Watching")
        assert "65%" in preview.get(PAGE)

        survey.write_text(
            survey.read_text(encoding="utf-8").replace("2024/25,65,", "2024/25,66,"), encoding="utf-8"
        )
        preview.wait_for("Changed: data/staff-survey-fair-caseload.csv")
        preview.wait_for("Serving the new build")
        assert "66%" in preview.get(PAGE)

        survey.write_text(
            survey.read_text(encoding="utf-8").replace("2024/25,66,", "2024/25,n/a,"), encoding="utf-8"
        )
        preview.wait_for("Build failed")
        assert any('"n/a" is not a number' in line for line in preview.seen)
        assert "66%" in preview.get(PAGE)

        # A `make html` run by hand holds the folder's lock: the rebuild is refused, the preview stays up.
        held = sitebuild.take_lock(project / ".build.lock")
        try:
            survey.write_text(
                survey.read_text(encoding="utf-8").replace("2024/25,n/a,", "2024/25,67,"), encoding="utf-8"
            )
            preview.wait_for("Build failed")
            assert any(line.startswith("Another build is running in this folder") for line in preview.seen)
            assert "66%" in preview.get(PAGE)
        finally:
            os.close(held)
        survey.write_text(survey.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # any change
        preview.wait_for("Serving the new build")
        assert "67%" in preview.get(PAGE)
    finally:
        preview.stop()
