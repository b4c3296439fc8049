"""What a build was made from, so that a build whose inputs are all unchanged need not run again.

The inputs are taken broadly, never guessed narrowly: every file of the project folder (content/, data/,
theme/, plugins/, the settings files, and anything else but the outputs, caches and hidden folders), the
plugin's own code wherever it lives, every TRANSPARENCY_* environment variable (publishconf.py reads the
public address and contact from them), the command line, Python's version and every installed package's
version. Nothing the site writes depends on the clock, so the same inputs make the same site.

The record (`.build.inputs`, beside output/) also lists output/'s files with their sizes and times, so a site
edited, emptied or replaced by hand since is built again. Standard library only: sitebuild.py uses it.
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


def inputs_digest(command: list[str], project: Path = Path(".")) -> str:
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
    for folder, top_level in ((project, True), (PLUGIN, False)):
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
