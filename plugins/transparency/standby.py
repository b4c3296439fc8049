"""The standby folder: the site before last, kept so that a build need not link every file.

After `make html` or the preview swaps a new site in (sitebuild.exchange), the old one is left in output.new/
rather than deleted, and the build into it is told so (TRANSPARENCY_STANDBY). Most of its files are hard links
to the very files of the live site (the build before carried them over), so the next build into output.new/
keeps each such file where it is instead of linking 14,000 files again: creating folders and links was the
largest part of a warm rebuild at 150 councils.

Before the build, everything in the folder is deleted except the files the live site's manifest lists that
are the live site's own files (one inode): whatever else the folder holds (an older page, a static file, a
half-made build) is gone, so no file of the new site is ever written through a link into the live one;
the writers replace a file, never write into it (pagewriter.CarryingWriter, SiteFilesGenerator.write_file).
After the build, each kept file the new site does not have is deleted. The result is what a build into an
empty folder makes, file for file.
"""

import json
import os
import shutil
from pathlib import Path

try:
    from .inputs import manifest
except ImportError:  # imported by sitebuild.py run by path
    from inputs import manifest


def tidy(folder: str, live: str, listed: dict) -> dict[str, int]:
    """Empty folder of everything but the files `listed` (the live manifest) that are live's own; return
    those kept, by name, with their inode."""
    kept: dict[str, int] = {}
    # A hard link never crosses filesystems: on two, an equal inode number would be chance. With no live
    # site (a first build, after one killed half-way), nothing is kept.
    if os.path.isdir(live) and os.stat(folder).st_dev == os.stat(live).st_dev:
        _tidy(os.path.normpath(folder), "", os.path.normpath(live), listed, kept)
    else:
        shutil.rmtree(folder)
        os.mkdir(folder)
    return kept


def _tidy(folder: str, prefix: str, live: str, listed: dict, kept: dict[str, int]) -> bool:
    """Tidy one folder (os.scandir: its entries' inodes come without a call each); whether it keeps any."""
    left = False
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is deleted, never followed
                if _tidy(entry.path, name + "/", live, listed, kept):
                    left = True
                else:
                    os.rmdir(entry.path)
            elif name in listed and inode(os.path.join(live, name)) == entry.inode():
                kept[name] = entry.inode()
                left = True
            else:
                os.unlink(entry.path)
    return left


def inode(path: str) -> int | None:
    """The inode of the file at path itself (a link not followed), None if there is none."""
    try:
        return os.lstat(path).st_ino
    except OSError:
        return None


def prune(folder: Path, live: Path) -> None:
    """tidy() the standby folder against the live site's manifest as soon as the site is served, so that
    the next build, which tidies again, finds little left to delete (after a build that made every file
    again, the whole old site)."""
    try:
        listed = json.loads(manifest(live).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # the next build makes every file, and its tidy() empties the folder
    if folder.is_dir() and live.is_dir() and isinstance(listed, dict):
        tidy(str(folder), str(live), listed)


def clear_stale(folder: str, kept: dict[str, int], made: dict) -> None:
    """Delete each kept file this build did not make (nor write again), and the folders it leaves empty."""
    folder = os.path.normpath(folder)
    for name, inode in kept.items():
        if name in made:
            continue
        path = os.path.join(folder, name)
        try:
            if os.lstat(path).st_ino != inode:  # written again by this build (a static file, say)
                continue
            os.unlink(path)
        except OSError:
            continue
        parent = os.path.dirname(path)
        while parent != folder and not os.listdir(parent):
            os.rmdir(parent)
            parent = os.path.dirname(parent)
