"""The warm preview's standby folder (plugins/transparency/standby.py): the site before last, of which only
the live site's own files (one inode) are kept for the next build; everything else is deleted before the
build, and whatever kept file the new site does not have, after."""

import os
from pathlib import Path

from plugins.transparency import standby


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
