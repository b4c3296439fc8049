"""What a build was made from, so that a build whose inputs are all unchanged need not run again.

The inputs are taken broadly, never guessed narrowly: every file of the project folder (content/, data/,
theme/, plugins/, the settings files, and anything else but the outputs, caches and hidden folders), the
plugin's own code wherever it lives, the folders the settings name (PATH, THEME, PLUGIN_PATHS,
TRANSPARENCY_DATA_PATH) and every Python file they load, wherever those are, every TRANSPARENCY_* environment
variable (publishconf.py reads the public address and contact from them), the command line, Python's version
and every installed package's version. Nothing the site writes depends on the clock, so the same inputs make
the same site.

The record (`.build.inputs`, beside output/) also lists output/'s files with their sizes and times, so a site
edited, emptied or replaced by hand since is built again. Pelican is imported only to read the settings.
"""

import hashlib
import json
import os
import platform
import sys
from importlib.metadata import distributions
from pathlib import Path

RECORD = Path(".build.inputs")
# Top-level entries that are what builds make, not what they are made from.
NOT_INPUTS = {"output", "output.new", "output.old", "build", "__pycache__"}
PLUGIN = Path(__file__).resolve().parent


def manifest(folder: Path) -> Path:
    """A build's manifest: every file it made with what it was made from (outputs.py), beside its folder."""
    return folder.with_name(f".{folder.name}.outputs.json")


def files_under(folder: Path, top_level: bool = False) -> list[Path]:
    found = []
    for directory, subfolders, names in os.walk(folder, followlinks=True):
        here = Path(directory)
        at_top = top_level and here == folder
        subfolders[:] = sorted(n for n in subfolders if n != "__pycache__" and not (at_top and skipped(n)))
        found += [here / name for name in sorted(names) if not (at_top and skipped(name))]
    return found


def skipped(name: str) -> bool:
    return name.startswith(".") or name in NOT_INPUTS or name.endswith(".egg-info")


OPENED: list[str] | None = None  # while the settings are read, every file opened


def note_opened(event: str, arguments: tuple) -> None:
    if OPENED is not None and event == "open" and isinstance(arguments[0], str):
        OPENED.append(arguments[0])


def settings_inputs(settings_file: str) -> list[Path] | None:
    """The files and folders the settings read or name; None if they cannot be read (the build will say
    why). Files they read are caught as Python opens them (an audit hook), so a settings file that loads a
    shared pelicanconf.py from elsewhere, as the benchmark's does, makes that file an input too."""
    global OPENED
    try:
        from pelican.settings import read_settings

        sys.addaudithook(note_opened)
        OPENED = []
        settings = read_settings(settings_file)
    except (Exception, SystemExit):
        return None
    finally:
        opened, OPENED = OPENED or [], None
    named = [settings.get(name) for name in ("PATH", "THEME", "TRANSPARENCY_DATA_PATH")]
    found = [Path(settings_file), *(Path(p) for p in [*named, *settings.get("PLUGIN_PATHS", [])] if p)]
    installed = (sys.prefix, sys.base_prefix)
    return found + [Path(path) for path in opened if not path.startswith(installed)]


def inputs_digest(command: list[str], project: Path = Path("."), named: list[Path] = ()) -> str:
    """One digest of everything the build reads; any change to any of it changes the digest."""
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")

    add("command", *command, "python", sys.version, platform.platform())
    for name in sorted(os.environ):
        if name.startswith("TRANSPARENCY_"):
            add("env", name, os.environ[name])
    for package in sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()):
        add("package", package)

    def where(path: Path) -> str:
        """Inside the project, by its path there: a copy of the project elsewhere is the same project."""
        path = path.resolve()
        return str(path.relative_to(home)) if path.is_relative_to(home) else str(path)

    home = project.resolve()
    folders = [(project, True), (PLUGIN, False), *((path, False) for path in named if path.is_dir())]
    for path in named:
        if path.is_file():
            add("named file", where(path), hashlib.sha256(path.read_bytes()).hexdigest())
    for folder, top_level in folders:
        add("folder", where(folder))
        for path in files_under(folder, top_level):
            if path.suffix == ".pyc":
                continue
            try:
                content = path.read_bytes()
            except OSError:  # a dangling link, say: the build will say what is wrong with it
                content = b"unreadable"
            add("file", str(path.relative_to(folder)), hashlib.sha256(content).hexdigest())
    return digest.hexdigest()


def listing(output: Path) -> list[list]:
    """output/'s files as they stand: path, size and modification time (what an edit by hand changes)."""
    entries = []
    for path in sorted(output.rglob("*")):
        status = path.lstat()
        if not path.is_dir() or path.is_symlink():
            entries.append([str(path.relative_to(output)), status.st_size, status.st_mtime_ns])
    return entries


def unchanged(digest: str, output: Path, record: Path = RECORD) -> int:
    """How many output files the last build left, if it was made from these inputs and output/ is as it
    left it; 0 if it must be built."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not output.is_dir() or not isinstance(recorded, dict) or recorded.get("inputs") != digest:
        return 0
    files = listing(output)
    return len(files) if files and recorded.get("output") == files else 0


def forget(record: Path = RECORD) -> None:
    """Before output/ changes: a build stopped between the swap and remember() must not look current."""
    record.unlink(missing_ok=True)


def remember(digest: str, output: Path, record: Path = RECORD) -> None:
    partial = record.with_name(record.name + ".part")
    partial.write_text(json.dumps({"inputs": digest, "output": listing(output)}), encoding="utf-8")
    os.replace(partial, record)
