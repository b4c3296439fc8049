"""Live preview: serve the last good build on 127.0.0.1 and rebuild, warm, whenever the site's sources change.

Run by `make devserver`. Pelican's own --autoreload does not watch data/, and a failed build must not take
the preview down. So this process only serves output/ and watches the sources (the settings file and the
folders it names: content, theme, data and the plugins), and one build process (warmbuild.py) stays up
between rebuilds: it has Pelican and the plugin loaded and keeps data/ as loaded while its files are
unchanged, and, like `make html`, takes unchanged articles and files from the cache and output/ (the site
before last stays in output.new/, so that its files still the live site's need no new link). Each build
is `make html`'s: under the folder's lock, into output.new/, swapped in for output/ in one step only if it
succeeded. A change to the plugins' own code (anything under PLUGIN_PATHS) stops the build process and
starts a fresh one, and says so. A rebuild refused because another build holds the lock (a `make html` by
hand) is reported as failed, and the preview stays up.
"""

import argparse
import contextlib
import functools
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles

WARMBUILD = Path(__file__).resolve().with_name("warmbuild.py")


def say(message: str) -> None:
    """One line in one write: the build process writes to the same terminal (or pipe) at the same time."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request, so build messages stay readable."""

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path, bind: str, port: int) -> http.server.ThreadingHTTPServer:
    # The handler joins the folder's path to each request's, so after a build swaps a new output/ in
    # (a new directory under the same name) the next request is served from the new site.
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class BuildProcess:
    """The warm build process, asked for one build at a time; None answers mean it has stopped."""

    def __init__(self, project: Path, settings: str, pagefind: str | None, profile: str | None) -> None:
        answers, results = os.pipe()
        # A module of the plugin's package, under the name Pelican loads it by (PLUGINS = ["transparency"]).
        module = f"{WARMBUILD.parent.name}.{WARMBUILD.stem}"
        command = [sys.executable, "-m", module, "--results", str(results), settings]
        command += ["--pagefind", pagefind] if pagefind else []
        command += ["--profile", profile] if profile else []
        path = os.pathsep.join(filter(None, [str(WARMBUILD.parent.parent), os.environ.get("PYTHONPATH")]))
        environment = {**os.environ, "PYTHONPATH": path}
        self.process = subprocess.Popen(
            command, cwd=project, stdin=subprocess.PIPE, pass_fds=(results,), env=environment
        )
        os.close(results)
        self.answers = os.fdopen(answers, encoding="utf-8")
        self.folders = (self.answer() or {}).get("folders", {})

    def answer(self) -> dict | None:
        line = self.answers.readline()
        return json.loads(line) if line else None

    def build(self, changed: list[str]) -> dict | None:
        try:
            self.process.stdin.write((json.dumps({"changed": changed}) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            return None
        answer = self.answer()
        if answer is not None:
            self.folders = answer.get("folders", self.folders)
        return answer

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.answers.close()


def rebuild(worker: BuildProcess, changed: list[str], address: str) -> bool:
    answer = worker.build(changed)
    if answer is None:
        say(f"The build process stopped (see above): still serving the last good build at {address}")
    elif answer.get("ok"):
        say(f"Serving the new build at {address}")
    else:
        say(f"Build failed (see above): still serving the last good build at {address}")
    return bool(answer and answer.get("ok"))


def shown(path: str, project: Path) -> str:
    return str(Path(path).relative_to(project)) if Path(path).is_relative_to(project) else path


def stop(number: int, frame) -> None:
    """Stop on SIGTERM as on Ctrl+C: the build process is stopped too, the server shut down."""
    raise KeyboardInterrupt(number)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican's settings file")
    parser.add_argument("--pagefind", help="the Pagefind command, the folder added last (none: no search)")
    parser.add_argument("--profile", help="cProfile each rebuild into this file (the benchmark's)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    address = f"http://{args.bind}:{args.port}/"
    signal.signal(signal.SIGTERM, stop)

    worker = BuildProcess(project, args.settings, args.pagefind, args.profile)
    rebuild(worker, [], address)
    server = serve(project / "output", args.bind, args.port)
    try:
        while True:
            folders = worker.folders
            watched = [Path(p) for p in folders.get("watch", ()) if Path(p).exists()] or [project]
            watched = [p for p in watched if not any(p != q and p.is_relative_to(q) for q in watched)]
            code = [Path(p) for p in folders.get("code", ())]
            names = ", ".join(shown(str(path), project) for path in watched)
            # Said once the watcher runs (its first timeout), so a save after the line is always seen.
            watching = watchfiles.watch(
                *watched, raise_interrupt=False, yield_on_timeout=True, rust_timeout=500
            )
            announced = False
            for changes in watching:
                if not announced:
                    say(f"Watching {names} for changes; Ctrl+C stops.")
                    announced = True
                if not changes:
                    continue
                changed = sorted({path for _, path in changes})
                say(f"Changed: {', '.join(shown(p, project) for p in changed)}; rebuilding")
                code_changed = any(Path(p).is_relative_to(folder) for p in changed for folder in code)
                if code_changed or worker.process.poll() is not None:
                    why = "The plugin's code changed" if code_changed else "The build process had stopped"
                    say(f"{why}: starting a fresh build process")
                    worker.stop()
                    worker = BuildProcess(project, args.settings, args.pagefind, args.profile)
                rebuild(worker, changed, address)
                if worker.folders != folders:  # the settings now name other folders
                    break
            else:
                return
    finally:
        worker.stop()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
