"""The warm preview's standby folder (plugins/transparency/standby.py): the site before last, of which only
the live site's own files (one inode) are kept for the next build; everything else is deleted before the
build, and whatever kept file the new site does not have, after."""

import json
import os
from pathlib import Path

from plugins.transparency import standby
from plugins.transparency.inputs import manifest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def test_only_the_live_sites_own_listed_files_are_kept_and_empty_folders_go(tmp_path):
    live, folder = tmp_path / "output", tmp_path / "output.new"
    for name in ("a/shared.html", "a/b/deep.csv", "rewritten.html", "unlisted.css"):
        write(live / name, f"live {name}")
    for name in ("a/shared.html", "a/b/deep.csv", "unlisted.css"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(live / name, folder / name)
    write(folder / "rewritten.html", "an older page")  # listed, but not the live file
    write(folder / "gone/page.html", "a page the live site no longer has")
    (folder / "empty" / "folders").mkdir(parents=True)
    (folder / "link").symlink_to(live / "a")
    listed = {"a/shared.html": [], "a/b/deep.csv": [], "rewritten.html": [], "gone/page.html": []}

    kept = standby.tidy(str(folder), str(live), listed)

    assert set(kept) == {"a/shared.html", "a/b/deep.csv"} == files_in(folder)
    assert kept["a/shared.html"] == (live / "a/shared.html").stat().st_ino
    assert sorted(p.name for p in folder.iterdir()) == ["a"]  # no empty folder, no link left
    assert files_in(live) == {"a/shared.html", "a/b/deep.csv", "rewritten.html", "unlisted.css"}


def test_after_the_build_each_kept_file_not_made_is_deleted_with_the_folders_it_empties(tmp_path):
    live, folder = tmp_path / "output", tmp_path / "output.new"
    for name in ("keep/page.html", "old/only/page.html", "written/again.html"):
        write(live / name, name)
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(live / name, folder / name)
    kept = standby.tidy(str(folder), str(live), dict.fromkeys(files_in(live), []))
    os.unlink(folder / "written/again.html")  # what this build wrote again, not as one of its files
    write(folder / "written/again.html", "a static file now")

    standby.clear_stale(str(folder), kept, made={"keep/page.html": "key"})

    assert files_in(folder) == {"keep/page.html", "written/again.html"}
    assert not (folder / "old").exists()
    assert files_in(live) == {"keep/page.html", "old/only/page.html", "written/again.html"}


def test_pruned_as_soon_as_the_site_is_served_against_the_live_manifest(tmp_path):
    """The preview prunes the standby folder right after serving a build, so the next build's own tidy finds
    little to delete; a live site without a readable manifest leaves the folder to that build."""
    live, folder = tmp_path / "output", tmp_path / "output.new"
    write(live / "page.html", "live page")
    (folder).mkdir()
    os.link(live / "page.html", folder / "page.html")
    write(folder / "old.html", "the site before last's own page")
    standby.prune(folder, live)
    assert files_in(folder) == {"page.html", "old.html"}  # no manifest yet: nothing known, nothing done
    manifest(live).write_text(json.dumps({"files": {"page.html": ["key", 9, 0]}}), encoding="utf-8")
    standby.prune(folder, live)
    assert files_in(folder) == {"page.html"}
    assert (folder / "page.html").stat().st_ino == (live / "page.html").stat().st_ino
