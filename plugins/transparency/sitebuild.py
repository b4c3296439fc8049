"""Build the site into output.new/ and swap it in for output/ in one step, one build at a time per folder.

Run by `make html` and `make publish`, in the project folder, as `python plugins/transparency/sitebuild.py
--pagefind COMMAND SETTINGS_FILE [PELICAN_OPTION ...]` (or `python -m plugins.transparency.sitebuild ...`).
It needs nothing but the standard library, so a refused build says so at once.
"""

import argparse
import ctypes
import errno
import fcntl
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

try:
    from . import inputs, standby
    from .inputs import manifest
except ImportError:  # run by path, as the Makefile does
    import inputs
    import standby
    from inputs import manifest

OUTPUT, NEW, LOCK = Path("output"), Path("output.new"), Path(".build.lock")
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's <fcntl.h> and <linux/fs.h>


class BuildError(Exception):
    """A build that cannot go on; its message is the one line the user sees."""


def take_lock(path: Path) -> int:
    """Hold an exclusive lock on path for as long as the returned descriptor (or a copy) stays open."""
    # The lock is flock's, not the file's existence: the kernel drops it when its holder dies, so a file
    # left behind by a killed build never blocks the next one.
    lock = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(lock, 100).decode(errors="replace").split()
        os.close(lock)
        who = f" (process {holder[0]}, started {holder[1]})" if len(holder) == 2 else ""
        raise BuildError(
            f"Another build is running in this folder{who}; wait for it to finish, or stop it."
        ) from None
    os.ftruncate(lock, 0)
    os.write(lock, f"{os.getpid()} {time.strftime('%H:%M:%S')}\n".encode())
    return lock


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step, with Linux's renameat2(RENAME_EXCHANGE)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(new: Path, output: Path) -> Path | None:
    """Put new in output's place; return where the old site now is (None if there was none)."""
    if not output.exists():
        os.rename(new, output)
        return None
    try:
        # Readers see the old site until this instant and the new one after; never a half-made one.
        exchange(new, output)
        return new
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOSYS):
            raise
    # No exchange on this system or filesystem: two renames, output/ missing for the moment between them,
    # and the old site put back if the second fails.
    old = output.with_name(output.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        os.rename(old, output)
        raise
    return old


def swap_in_built(new: Path, output: Path) -> Path | None:
    """Swap the finished build in for output, with its manifest; return where the old site now is."""
    try:
        manifest(output).unlink(missing_ok=True)  # it describes output as it was: stale, it would cost speed
        old = swap_in(new, output)
    except OSError as error:
        raise BuildError(
            f"Could not replace {output}/ with the new build in {new}/: {error}; "
            f"{output}/ still holds the last good site."
        ) from None
    if manifest(new).exists():
        os.replace(manifest(new), manifest(output))
    return old


def publish(new: Path, output: Path, standby_folder: bool = False) -> None:
    """Swap the finished build in; once it is in place, failing to delete the old site only warns.
    standby_folder: the old site, if exchanged into new's place, stays there for the next build (standby.py),
    emptied of all but the files the new site shares with it."""
    old = swap_in_built(new, output)
    if standby_folder and old == new:
        standby.prune(new, output)
    elif old is not None:
        try:
            shutil.rmtree(old)
        except OSError as error:
            print(
                f"Warning: the new site is in {output}/; the old one in {old}/ could not be deleted: {error}",
                file=sys.stderr,
            )


def run(command: list[str], lock: int) -> int:
    # The child inherits the lock, so a Pelican or Pagefind left running by a `kill -9` of this process
    # still holds it, and no second build empties output.new/ under it.
    status = subprocess.run(command, pass_fds=(lock,)).returncode
    return 128 - status if status < 0 else status  # killed by a signal: the shell's convention


def stop(number: int, frame) -> None:
    """Stop on SIGTERM as on Ctrl+C."""
    raise KeyboardInterrupt(number)


def with_setting(command: list[str], name: str, value: object) -> list[str]:
    """Add a setting to Pelican's -e (Pelican keeps only the last -e given, so it joins one already there)."""
    given = f"{name}={json.dumps(value)}"
    for flag in ("-e", "--extra-settings"):
        if flag in command:
            at = command.index(flag) + 1
            return [*command[:at], given, *command[at:]]
    return [*command, "-e", given]


def build(settings: str, pagefind: list[str], pelican_options: list[str]) -> int:
    lock = take_lock(LOCK)
    try:
        # A folder there is the site before last, or what a build killed half-way left: the build keeps only
        # the files that are the live site's own (standby.tidy). Its manifest describes neither.
        if NEW.is_symlink() or (NEW.exists() and not NEW.is_dir()):
            NEW.unlink()
        manifest(NEW).unlink(missing_ok=True)
    except OSError as error:
        raise BuildError(
            f"Could not empty {NEW}/ for the new build: {error}; {OUTPUT}/ is unchanged."
        ) from None
    pelican = [sys.executable, "-m", "pelican", "--fatal", "errors", "-s", settings, *pelican_options]
    # Taken before Pelican starts: a file saved while it runs makes the next build run again.
    named = inputs.settings_inputs(settings)
    made_from = inputs.inputs_digest([*pelican, "|", *pagefind], named=named or [])
    kept = named is not None and inputs.unchanged(made_from, OUTPUT)
    if kept:
        print(f"Nothing changed since the last build: {OUTPUT}/ kept as it is ({kept} files).")
        return 0
    # Files made from unchanged inputs are hard-linked from output/ (TRANSPARENCY_PREVIOUS_OUTPUT).
    # output.new/ may hold the site before last, whose files are mostly the live site's (standby.py).
    pelican = with_setting(pelican, "TRANSPARENCY_PREVIOUS_OUTPUT", str(OUTPUT))
    pelican = with_setting(pelican, "TRANSPARENCY_STANDBY", True)
    for command in ([*pelican, "-o", str(NEW)], [*pagefind, str(NEW)]):
        status = run(command, lock)
        if status:
            return status
    # From here the build finishes: Ctrl+C in the middle would leave it unclear which site output/ holds.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_IGN)
    inputs.forget()
    publish(NEW, OUTPUT, standby_folder=True)
    inputs.remember(made_from, OUTPUT)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pagefind", required=True, help="the Pagefind command; the folder is added last")
    parser.add_argument("settings", help="Pelican's settings file, e.g. pelicanconf.py")
    parser.add_argument("pelican_options", nargs=argparse.REMAINDER, help="passed on to Pelican")
    args = parser.parse_args(argv)
    # Unwind on SIGTERM, so that subprocess.run stops Pelican or Pagefind too rather than orphan it.
    signal.signal(signal.SIGTERM, stop)
    try:
        return build(args.settings, shlex.split(args.pagefind), args.pelican_options)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt as stopped:
        print(f"Build stopped; {OUTPUT}/ is unchanged.", file=sys.stderr)
        return 128 + (stopped.args[0] if stopped.args else signal.SIGINT)


if __name__ == "__main__":
    sys.exit(main())
