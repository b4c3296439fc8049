"""The last good site: a build swaps output/ in one step, only when it succeeds, and one build at a time."""

import errno
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from site_build import ROOT, copy_project, snapshot
from test_rebuilds import make_html

from plugins.transparency import sitebuild

VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
PAGE = "publications/asc-caseload-audit-2024-25/index.html"
needs_venv = pytest.mark.skipif(not (VENV / "bin" / "pelican").exists(), reason="needs make's .venv")


def site(folder: Path, text: str) -> Path:
    (folder / "charts").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "charts" / "a.svg").write_text(f"<svg>{text}</svg>")
    return folder


def lock_message(pid: int) -> re.Pattern:
    return re.compile(
        rf"^Another build is running in this folder \(process {pid}, started \d\d:\d\d:\d\d\); "
        r"wait for it to finish, or stop it\.$",
        flags=re.MULTILINE,
    )


# The swap, on small folders.


def test_the_new_site_is_exchanged_in_at_one_instant_and_the_old_one_deleted(tmp_path, monkeypatch):
    output, new = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")
    reading = (output / "index.html").open()  # a request being served while the build finishes
    seen = []
    exchange = sitebuild.exchange

    def watched_exchange(first: Path, second: Path) -> None:
        seen.append((output / "index.html").read_text())
        exchange(first, second)
        seen.append((output / "index.html").read_text())

    monkeypatch.setattr(sitebuild, "exchange", watched_exchange)
    sitebuild.publish(new, output)
    assert seen == ["old", "new"]  # the old site up to the exchange, the new one from it
    assert snapshot(output) == {"index.html": b"new", "charts/a.svg": b"<svg>new</svg>"}
    assert not new.exists()
    assert reading.read() == "old"  # a file already open is still read whole
    reading.close()


def test_the_first_build_is_renamed_into_place(tmp_path):
    new = site(tmp_path / "output.new", "new")
    sitebuild.publish(new, tmp_path / "output")
    assert snapshot(tmp_path / "output") == {"index.html": b"new", "charts/a.svg": b"<svg>new</svg>"}
    assert not new.exists()


def test_without_renameat2_two_renames_do_and_the_old_site_is_put_back_if_the_second_fails(
    tmp_path, monkeypatch
):
    output, new = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")
    before = snapshot(output)

    def no_exchange(first: Path, second: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(sitebuild, "exchange", no_exchange)
    rename = os.rename

    def failing_rename(source, target) -> None:
        if Path(source) == new:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        rename(source, target)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(sitebuild.BuildError, match="Invalid cross-device link"):
        sitebuild.publish(new, output)
    assert snapshot(output) == before

    monkeypatch.setattr(os, "rename", rename)
    sitebuild.publish(new, output)
    assert snapshot(output) == {"index.html": b"new", "charts/a.svg": b"<svg>new</svg>"}
    assert not new.exists() and not (tmp_path / "output.old").exists()


def test_a_failed_exchange_leaves_output_byte_identical_and_says_why(tmp_path, monkeypatch):
    output, new = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")
    before = snapshot(output)

    def busy(first: Path, second: Path) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy", str(first), None, str(second))

    monkeypatch.setattr(sitebuild, "exchange", busy)
    with pytest.raises(sitebuild.BuildError) as raised:
        sitebuild.publish(new, output)
    assert str(raised.value) == (
        f"Could not replace {output}/ with the new build in {new}/: [Errno 16] Device or resource busy: "
        f"'{new}' -> '{output}'; {output}/ still holds the last good site."
    )
    assert snapshot(output) == before


def test_an_output_folder_that_cannot_be_moved_is_left_whole(tmp_path):
    """For real: an immutable output/ (chattr +i, which binds root too) refuses renameat2 itself."""
    output, new = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")
    before = snapshot(output)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", output]).returncode:
        pytest.skip("needs chattr on a filesystem with the immutable flag, as root")
    try:
        with pytest.raises(sitebuild.BuildError, match=r"Operation not permitted.*still holds the last"):
            sitebuild.publish(new, output)
        assert snapshot(output) == before
    finally:
        subprocess.run(["chattr", "-i", output], check=True)


def test_an_old_site_that_cannot_be_deleted_only_warns(tmp_path, monkeypatch, capsys):
    output, new = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")

    def refuse(path, *args, **kwargs) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(shutil, "rmtree", refuse)
    sitebuild.publish(new, output)
    assert snapshot(output) == {"index.html": b"new", "charts/a.svg": b"<svg>new</svg>"}
    assert capsys.readouterr().err.startswith(f"Warning: the new site is in {output}/; the old one in {new}/")


# The lock.


def test_a_second_lock_is_refused_at_once_and_a_left_over_lock_file_blocks_nothing(tmp_path):
    path = tmp_path / ".build.lock"
    path.write_text("99999 01:02:03\n")  # left by a build that was killed: nobody holds the lock
    held = sitebuild.take_lock(path)
    try:
        with pytest.raises(sitebuild.BuildError) as raised:
            sitebuild.take_lock(path)
        assert lock_message(os.getpid()).match(str(raised.value))
    finally:
        os.close(held)
    os.close(sitebuild.take_lock(path))


# Real builds, through `make html`, in a copy of the project.


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("sitebuild") / "project")
    first = make_html(project)
    assert first.returncode == 0, first.stdout + first.stderr
    return project


@pytest.fixture
def project(built, tmp_path) -> Path:
    """The built project, copied for one test."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def change_figure(project: Path, old: str = "2024/25,65,", new: str = "2024/25,66,") -> None:
    survey = project / "data" / "staff-survey-fair-caseload.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def standby_files(project: Path) -> int:
    """How many files the standby folder output.new/ holds, each the very file of output/ at its path."""
    standby = project / "output.new"
    files = [path for path in standby.rglob("*") if not path.is_dir()]
    for path in files:
        live = project / "output" / path.relative_to(standby)
        assert live.exists() and path.lstat().st_ino == live.lstat().st_ino, f"{path} is not the live site's"
    return len(files)


def lock_is_free(project: Path) -> bool:
    try:
        os.close(sitebuild.take_lock(project / ".build.lock"))
    except sitebuild.BuildError:
        return False
    return True


def wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


@needs_venv
def test_make_html_swaps_the_new_site_in(project):
    old_inode = (project / "output").stat().st_ino
    assert "65%" in (project / "output" / PAGE).read_text(encoding="utf-8")
    change_figure(project)
    result = make_html(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "66%" in (project / "output" / PAGE).read_text(encoding="utf-8")
    assert (project / "output" / "pagefind" / "pagefind.js").is_file()
    assert (project / "output").stat().st_ino != old_inode  # a new folder, not the old one rewritten
    # The old site stays as the next build's standby, holding only the files it shares with the new one
    # (none here: the project was copied, so this build carried nothing; see the carrying test below).
    assert (project / "output.new").is_dir()
    standby_files(project)


@needs_venv
def test_a_second_build_stops_at_once_and_touches_nothing(project):
    before = snapshot(project / "output")
    change_figure(project)
    held = sitebuild.take_lock(project / ".build.lock")  # as a build running in this folder would
    try:
        refused = make_html(project)
    finally:
        os.close(held)
    assert refused.returncode != 0
    assert lock_message(os.getpid()).search(refused.stderr), refused.stderr
    assert "Built " not in refused.stdout  # Pelican never ran
    assert snapshot(project / "output") == before
    assert not (project / "output.new").exists()


@needs_venv
def test_a_failing_pagefind_keeps_the_last_good_site_and_its_status_passes_through(project):
    before = snapshot(project / "output")
    change_figure(project)
    fails = f"{PYTHON} -c 'import sys; sys.exit(3)'"
    command = [PYTHON, "-m", "plugins.transparency.sitebuild", "--pagefind", fails, "pelicanconf.py"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert result.returncode == 3, result.stdout + result.stderr
    assert snapshot(project / "output") == before


def start_stalled_build(project: Path, tmp_path: Path) -> subprocess.Popen:
    """`make html` with Pagefind replaced by a program that writes part of an index, then waits forever."""
    stall = tmp_path / "stall.py"
    stall.write_text(
        "import pathlib, sys, time\n"
        "index = pathlib.Path(sys.argv[-1], 'pagefind')\n"
        "index.mkdir()\n"
        "(index / 'part').write_text('half an index')\n"
        "time.sleep(600)\n"
    )
    command = ["make", "--no-print-directory", "html", f"VENV={VENV}", "-o", f"{VENV}/.installed"]
    command.append(f"PAGEFIND={PYTHON} {stall}")
    build = subprocess.Popen(command, cwd=project, start_new_session=True, stderr=subprocess.PIPE, text=True)
    part = project / "output.new" / "pagefind" / "part"
    wait_until(lambda: part.exists() or build.poll() is not None, "the build to reach Pagefind")
    assert build.poll() is None, build.stderr.read()
    assert (project / "output.new" / PAGE).is_file()  # Pelican has written the whole new site
    return build


@needs_venv
def test_a_build_killed_half_way_leaves_output_untouched_and_the_next_build_works(project, tmp_path):
    before = snapshot(project / "output")
    change_figure(project)
    build = start_stalled_build(project, tmp_path)
    try:
        # kill -9 of the build itself: what it started (here the stalled Pagefind) still holds the lock,
        # so no other build can empty output.new/ under it.
        pid = int((project / ".build.lock").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        assert build.wait(timeout=60) != 0
        assert snapshot(project / "output") == before
        refused = make_html(project)
        assert refused.returncode != 0 and lock_message(pid).search(refused.stderr), refused.stderr
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the rest of it, as kill -9 of the whole group
        build.wait(timeout=60)
    assert snapshot(project / "output") == before
    wait_until(lambda: lock_is_free(project), "the killed processes to end")

    result = make_html(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "66%" in (project / "output" / PAGE).read_text(encoding="utf-8")
    # Nothing of the half-made build it left in output.new/ is in the new site, nor left beside it.
    assert not (project / "output" / "pagefind" / "part").exists()
    standby_files(project)


@needs_venv
@pytest.mark.parametrize("group", [False, True], ids=["SIGTERM to the build", "Ctrl+C (SIGINT to all)"])
def test_a_build_stopped_half_way_says_so_stops_its_child_and_leaves_output_untouched(
    project, tmp_path, group
):
    before = snapshot(project / "output")
    change_figure(project)
    build = start_stalled_build(project, tmp_path)
    try:
        if group:
            os.killpg(build.pid, signal.SIGINT)
        else:
            os.kill(int((project / ".build.lock").read_text().split()[0]), signal.SIGTERM)
        assert build.wait(timeout=60) != 0
        assert "Build stopped; output/ is unchanged." in build.stderr.read()
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert snapshot(project / "output") == before
    assert lock_is_free(project)  # the stalled Pagefind was stopped and waited for, not left running


# A build whose inputs are all unchanged (plugins/transparency/inputs.py) leaves output/ as it is.


@needs_venv
def test_nothing_changed_means_pelican_does_not_run_and_output_is_untouched(project):
    before, inode = snapshot(project / "output"), (project / "output").stat().st_ino
    result = make_html(project)
    assert result.returncode == 0, result.stdout + result.stderr
    files = sum(1 for path in (project / "output").rglob("*") if path.is_file())
    assert f"Nothing changed since the last build: output/ kept as it is ({files} files)." in result.stdout
    assert "Built " not in result.stdout  # Pelican never ran
    assert snapshot(project / "output") == before
    assert (project / "output").stat().st_ino == inode


@needs_venv
def test_an_output_file_deleted_by_hand_is_built_again(project):
    before = snapshot(project / "output")
    (project / "output" / PAGE).unlink()
    result = make_html(project)
    assert "Built " in result.stdout, result.stdout + result.stderr
    assert snapshot(project / "output") == before


@needs_venv
def test_a_rebuild_after_a_change_is_byte_identical_to_a_clean_build(project, tmp_path):
    change_figure(project)
    rebuilt = make_html(project)
    assert "Built " in rebuilt.stdout, rebuilt.stdout + rebuilt.stderr
    clean = copy_project(tmp_path / "clean")
    change_figure(clean)
    assert make_html(clean).returncode == 0
    assert snapshot(project / "output") == snapshot(clean / "output")
    # And the changed project, built again with nothing changed, is skipped.
    assert "Nothing changed since the last build" in make_html(project).stdout


@needs_venv
def test_a_rebuild_carries_unchanged_files_over_and_is_still_the_clean_build(built, project):
    change_figure(project)
    assert make_html(project).returncode == 0  # a build in this folder: the next one can carry from it
    change_figure(project, "2024/25,66,", "2024/25,65,")
    rebuilt = make_html(project)
    carried = re.search(r"(\d+) of (\d+) files carried over unchanged", rebuilt.stdout)
    assert carried and 0 < int(carried[1]) < int(carried[2]), rebuilt.stdout + rebuilt.stderr
    # Back to the figure it was built with, built into the site before last (the standby folder): the same
    # site, byte for byte, as the first clean build.
    assert snapshot(project / "output") == snapshot(built / "output")
    assert standby_files(project) > 0
    assert (project / ".output.outputs.json").is_file()
    assert not (project / ".output.new.outputs.json").exists()


def test_the_previous_output_joins_any_extra_settings_pelican_is_given():
    add = sitebuild.with_setting
    assert add(["pelican", "-s", "conf.py"], "NAME", "output") == [
        "pelican",
        "-s",
        "conf.py",
        "-e",
        'NAME="output"',
    ]
    given = ["pelican", "-e", "A=1", "content"]
    assert add(given, "NAME", "output") == ["pelican", "-e", 'NAME="output"', "A=1", "content"]
