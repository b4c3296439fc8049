"""Each output file with the digest of what it was made from, so a build carries the unchanged ones over.

With TRANSPARENCY_PREVIOUS_OUTPUT set (sitebuild.py sets it to output/), a build writing into output.new/
reads the previous build's manifest (`.output.outputs.json`, beside output/) and, for each file whose
inputs digest is the one recorded and whose old copy is as that build left it (same size and time), hard
links the old file instead of making it again. Everything else is made as in a clean build, so the result
is byte for byte a clean build's; a file nothing makes any more is simply not there.

A digest covers: the environment (every setting but where output goes, the theme's files, the plugin's
code, Python and package versions), the addresses of every page (Pelican's links between pages), and for
a page the template's sources with every value it reads (pagewriter.CarryingWriter); for the plugin's files,
what the generator says they are made from (`group`). Files the manifest does not list (Pelican's static
files and feeds, Pagefind's index) are made by every build.
"""

import json
import os
import shutil
import sys
from importlib.metadata import distributions
from pathlib import Path

from . import standby
from .fingerprint import ADDRESS, Digests, TemplateReads, sha
from .inputs import manifest

# Settings that say where this build goes, or how fast, not what it makes (the cache's entries are named by
# what they hold).
NOT_MADE_FROM = {
    "OUTPUT_PATH",
    "TRANSPARENCY_PREVIOUS_OUTPUT",
    "TRANSPARENCY_RENDER_WORKERS",
    "TRANSPARENCY_CACHE_PATH",
}
PLUGIN = Path(__file__).resolve().parent


def folder_digest(folder: Path) -> str:
    parts = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append(f"{path.relative_to(folder)}\0{sha(path.read_bytes().hex())}")
    return sha("\0".join(parts))


def environment(settings) -> str:
    """What every output is made from: the settings, the theme, the plugin, Python and its packages."""
    named = sorted((k, v) for k, v in settings.items() if k not in NOT_MADE_FROM)
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    return sha(
        "\0".join(
            [ADDRESS.sub("", repr(named)), folder_digest(Path(settings["THEME"])), folder_digest(PLUGIN)]
            + [sys.version, *packages]
        )
    )


class Outputs:
    """The previous build's manifest, what this build carries over from it, and this build's manifest."""

    def __init__(self, output: Path, previous: Path | None, made_from: str, standing: bool = False) -> None:
        self.output, self.previous, self.made_from = Path(output), previous, made_from
        self.digests = Digests()
        self.old_files: dict[str, list] = {}
        self.old_groups: dict[str, list] = {}
        if previous is not None:
            try:
                old = json.loads(manifest(Path(previous)).read_text(encoding="utf-8"))
                if old.get("made_from") == made_from:
                    self.old_files, self.old_groups = old["files"], old["groups"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass  # no manifest, or an unreadable one: everything is made again
        self.files: dict[str, str | None] = {}  # path in output -> what it was made from (None: unknown)
        self.groups: dict[str, list] = {}
        self.carried = 0
        self._linked: dict[str, list] = {}  # carried as hard links: the old file's size and time, its own
        self._reads: dict[int, tuple[object, TemplateReads]] = {}
        self._folders: set[str] = set()
        self._recording: dict[str, None] | None = None  # the files of the group being made, in order
        self._inodes: dict[str, int] = {}  # the previous build's files found intact
        # standing (make html's and the preview's): output may hold the site before last; the files in it
        # that are the previous build's own are kept where they are (standby.py), all else deleted.
        self.standing: dict[str, int] = {}
        standing = standing and previous is not None and self.output.is_dir()
        if standing and not (Path(previous).is_dir() and os.path.samefile(self.output, previous)):
            self.standing = standby.tidy(str(self.output), str(previous), self.old_files)

    def template_reads(self, environment) -> TemplateReads:
        """What each template reads, parsed once a build (each Jinja environment's)."""
        kept = self._reads.get(id(environment))
        if kept is None or kept[0] is not environment:
            kept = self._reads[id(environment)] = (environment, TemplateReads(environment))
        return kept[1]

    def _intact(self, name: str, key: str) -> bool:
        entry = self.old_files.get(name)
        if self.previous is None or not entry or entry[0] != key:
            return False
        try:  # paths as text, not pathlib: a build checks and carries thousands of files
            status = os.lstat(os.path.join(self.previous, name))
        except OSError:
            return False
        self._inodes[name] = status.st_ino
        return [status.st_size, status.st_mtime_ns] == entry[1:]

    def carry(self, name: str, key: str | None, checked: bool = False) -> bool:
        """Link the previous build's file in, if it was made from key and is as that build left it (already
        checked, by carry_group or KeepingTemplate)."""
        if key is None or not (checked or self._intact(name, key)):
            return False
        self.carried += 1
        self.made(name, key)
        source, target = os.path.join(self.previous, name), os.path.join(self.output, name)
        # In the standby folder, the file there may already be this very file: then nothing is done.
        there = name in self.standing and self.standing[name] == self._inodes.get(name)
        if not (there and standby.inode(target) == self._inodes[name]) and not self._link(source, target):
            return True  # copied: the manifest takes the copy's own size and time
        # One inode: the new name has the old file's size and time, which the manifest then records.
        self._linked[name] = self.old_files[name][1:]
        return True

    def _link(self, source: str, target: str) -> bool:
        """Hard-link source as target, replacing a file there; False if it had to be copied instead."""
        folder = os.path.dirname(target)
        if folder not in self._folders:  # made once: a build carries thousands of files
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            try:
                os.link(source, target)
            except FileExistsError:  # an older file left in the standby folder, or one two groups make
                os.unlink(target)
                os.link(source, target)
            return True
        except OSError:  # another filesystem, say: a copy keeps the time too
            shutil.copy2(source, target)
            return False

    def made(self, name: str, key: str | None) -> None:
        self.files[name] = key
        self._linked.pop(name, None)
        if self._recording is not None:
            self._recording[name] = None

    def carry_group(self, group: str, key: str) -> bool:
        """Carry every file of a group (a chart's pages and downloads, say), or none of them."""
        old = self.old_groups.get(group)
        if not old or old[0] != key:
            return False
        # Each file with its own key: a page's is its template's and values', the others' the group's.
        keys = {name: (self.old_files.get(name) or [None])[0] for name in old[1]}
        if not all(self._intact(name, keys[name]) for name in old[1]):
            return False
        for name in old[1]:
            self.carry(name, keys[name], checked=True)
        self.groups[group] = old
        return True

    def record_group(self, group: str, key: str) -> "Recording":
        return Recording(self, group, key)

    def save(self) -> None:
        """Write this build's manifest beside its output folder (sitebuild.py renames it with the folder)."""
        standby.clear_stale(str(self.output), self.standing, self.files)
        files = {}
        for name, key in self.files.items():
            status = self._linked.get(name)
            if status is None:
                made = os.lstat(os.path.join(self.output, name))
                status = [made.st_size, made.st_mtime_ns]
            files[name] = [key, *status]
        listed = manifest(self.output)
        part = listed.with_name(listed.name + ".part")
        part.write_text(
            json.dumps({"made_from": self.made_from, "files": files, "groups": self.groups}),
            encoding="utf-8",
        )
        os.replace(part, listed)


class Recording:
    """`with outputs.record_group(group, key):` every file made inside is the group's, made from key."""

    def __init__(self, outputs: Outputs, group: str, key: str) -> None:
        self.outputs, self.group, self.key = outputs, group, key

    def __enter__(self) -> None:
        self.outputs._recording = {}

    def __exit__(self, *raised) -> None:
        names, self.outputs._recording = self.outputs._recording, None
        for name in names:  # a page keeps its own key, so it may be kept when the group is made again
            if self.outputs.files[name] is None:
                self.outputs.files[name] = self.key
        self.outputs.groups[self.group] = [self.key, list(names)]
