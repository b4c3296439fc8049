"""The warm preview's build process: Python, Pelican and the plugin loaded once, then one build per request.

devserver.py starts it in the project folder as `python -m transparency.warmbuild --results FD
SETTINGS_FILE [--pagefind COMMAND]`, the plugins' folder on PYTHONPATH (so the plugin is the module Pelican
then loads by its name). Each request, a line of JSON on its standard input, runs one build as
`make html` does (sitebuild.py's lock on .build.lock, Pelican with --fatal errors into output.new/, then
output.new/ swapped in for output/ in one step, or output/ left as it was; the old site is then left in
output.new/ for the next build to reuse, standby.py), but in this process: Pelican,
Markdown, Altair and vl-convert are imported once, the settings are read again for every build, and data/
is loaded again only when one of its files changed (warmcache.py); articles, chart images and output files
are reused from the cache folder and output/ as by `make html`. Each answer is a line of JSON on
the results pipe: first the folders to watch and the plugins' code folders, then, for each build, whether
it was swapped in. A change to the plugins' code is the parent's to handle: it starts a fresh process.

Search: Pagefind runs only after the new site is swapped in, so the page shows first. Until it finishes,
the new site carries the previous index (hard links), which may lag one save behind; a new request stops
it, and the build after runs it again. Without --pagefind, the preview has no search index, and says so.
"""

import argparse
import contextlib
import cProfile
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from . import inputs, standby, warmcache
from .inputs import manifest
from .sitebuild import LOCK, NEW, OUTPUT, BuildError, exchange, swap_in_built, take_lock

INDEX, NEXT_INDEX = OUTPUT / "pagefind", Path("output.pagefind")


def say(message: str) -> None:
    """One line in one write: the devserver's lines go to the same terminal (or pipe) at the same time."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


class Builder:
    def __init__(self, settings_file: str, pagefind: list[str] | None, results: int) -> None:
        self.settings_file, self.pagefind, self.results = settings_file, pagefind, results
        self.requests = b""
        self.built = False
        self.profile: str | None = None
        self.project = Path.cwd().resolve()

    def answer(self, **message) -> None:
        os.write(self.results, (json.dumps(message) + "\n").encode())

    def settings(self) -> dict:
        """The settings read again; after the first build, charts are converted in this process, whose
        vl-convert is warm (a worker started for a few images would cost more than it saves)."""
        # Modules the project's own folder holds (a publishconf.py's `from pelicanconf import *`) are read
        # again with the settings; the plugins' code is not (a change to it starts a fresh process).
        plugins = Path(warmcache.__file__).resolve().parent.parent
        for name, module in list(sys.modules.items()):
            where = Path(getattr(module, "__file__", None) or "/").resolve()
            if where.is_relative_to(self.project) and not where.is_relative_to(plugins):
                del sys.modules[name]
        # As sitebuild.py's: files made from unchanged inputs are hard-linked from output/.
        # output.new/ holds the site before last: the standby folder (standby.py).
        override = {
            "OUTPUT_PATH": str(self.project / NEW),
            "TRANSPARENCY_PREVIOUS_OUTPUT": str(OUTPUT),
            "TRANSPARENCY_STANDBY": True,
        }
        if self.built:
            override["TRANSPARENCY_RENDER_WORKERS"] = 1
        return read_settings(self.settings_file, override=override)

    def folders(self) -> dict:
        """The files and folders to watch, and which of them hold the plugins' code, as the settings say."""
        try:
            settings = read_settings(self.settings_file)
        except Exception:  # noqa: BLE001 (the build says what is wrong with the settings)
            return {}
        named = [settings.get(n) for n in ("PATH", "THEME", "TRANSPARENCY_DATA_PATH")]
        code = [str(Path(p).resolve()) for p in settings.get("PLUGIN_PATHS", [])]
        code.append(str(Path(warmcache.__file__).resolve().parent))
        watch = [str(Path(self.settings_file).resolve()), *(str(Path(p).resolve()) for p in named if p)]
        return {"watch": sorted(set(watch + code)), "code": sorted(set(code))}

    def build(self, changed: list[str]) -> None:
        started = time.perf_counter()
        try:
            lock = take_lock(LOCK)
        except BuildError as error:
            say(str(error))
            self.answer(ok=False, folders=self.folders())
            return
        try:
            ok, old = self.build_locked()
            seconds = time.perf_counter() - started
            if ok:  # said before the answer, so it comes before the devserver's "Serving the new build"
                counts = ", ".join(f"{n} {c}" for n, c in warmcache.KEPT.counts.items())
                say(f"Swapped in {seconds:.2f} s after the request (process {os.getpid()} so far: {counts})")
            self.answer(ok=ok, seconds=round(seconds, 3), folders=self.folders())
            if ok:
                # The old site stays in output.new/ as the next build's standby folder (standby.py); left
                # elsewhere (no exchange on this system), it is deleted once the new one is served.
                if old is not None and old.resolve() != (self.project / NEW).resolve():
                    shutil.rmtree(old, ignore_errors=True)
                standby.prune(NEW, OUTPUT)
                self.index()
        finally:
            os.close(lock)

    def build_locked(self) -> tuple[bool, Path | None]:
        """Whether the build was swapped in, and where the old site now is."""
        try:
            if NEW.is_symlink() or (NEW.exists() and not NEW.is_dir()):
                NEW.unlink()
            # A folder there is the standby: the build keeps only what is the live site's (standby.tidy).
            manifest(NEW).unlink(missing_ok=True)
            settings = self.settings()
            profiler = cProfile.Profile() if self.profile and self.built else None
            with profiler or contextlib.nullcontext():
                Pelican(settings).run()
            if profiler:
                profiler.dump_stats(self.profile)
            self.built = True
        except SystemExit as stopped:  # the plugin's stop_build: the problems, alone
            say(str(stopped.code))
            return False, None
        except Exception as error:  # noqa: BLE001 (Pelican's own errors, as `pelican` itself catches them)
            say(f"{type(error).__name__}: {error}")
            return False, None
        if self.pagefind and INDEX.is_dir():  # the last index, until Pagefind has made the new one
            shutil.rmtree(NEW / INDEX.name, ignore_errors=True)
            shutil.copytree(INDEX, NEW / INDEX.name, copy_function=os.link)
        # From here the build finishes, as sitebuild.py's does.
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_IGN)
        try:
            inputs.forget()  # `make html` then builds again rather than keep this preview's site
            old = swap_in_built(NEW, OUTPUT)
        except BuildError as error:
            say(str(error))
            return False, None
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        return True, old

    def index(self) -> None:
        """Pagefind over the new site into output.pagefind/, then swapped in for output/pagefind/."""
        if not self.pagefind:
            return
        shutil.rmtree(NEXT_INDEX, ignore_errors=True)
        command = [*self.pagefind, str(OUTPUT), "--output-path", str(NEXT_INDEX)]
        process = subprocess.Popen(command)
        while process.poll() is None:
            if self.pending():
                process.kill()
                process.wait()
                shutil.rmtree(NEXT_INDEX, ignore_errors=True)
                say("Search index not updated: a new change came first")
                return
        if process.returncode == 0:
            if INDEX.exists():
                exchange(NEXT_INDEX, INDEX)
            else:
                os.rename(NEXT_INDEX, INDEX)
            say("Search index updated")
        else:
            say("Pagefind failed (see above): search keeps the last index")
        shutil.rmtree(NEXT_INDEX, ignore_errors=True)

    def pending(self, wait: float = 0.1) -> bool:
        if b"\n" in self.requests:
            return True
        ready, _, _ = select.select([0], [], [], wait)
        if ready:
            chunk = os.read(0, 65536)
            self.requests += chunk or b"\n"  # end of input: stop waiting
        return b"\n" in self.requests

    def next_request(self) -> dict | None:
        while not self.pending(wait=3600):
            pass
        line, self.requests = self.requests.split(b"\n", 1)
        return json.loads(line) if line.strip() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, required=True, help="the pipe for answers")
    parser.add_argument("--pagefind", help="the Pagefind command; the folder is added last")
    parser.add_argument("--profile", help="cProfile each build after the first into this file")
    parser.add_argument("settings", help="Pelican's settings file, e.g. pelicanconf.py")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the devserver's to handle
    init_logging(fatal="errors")
    warmcache.install()
    pagefind = shlex.split(args.pagefind) if args.pagefind else None
    if not pagefind:
        say("Preview without a search index (no --pagefind): the search page will find nothing")
    builder = Builder(args.settings, pagefind, args.results)
    builder.profile = args.profile
    builder.answer(folders=builder.folders())
    while (request := builder.next_request()) is not None:
        builder.build(request.get("changed", []))
    return 0


if __name__ == "__main__":
    sys.exit(main())
