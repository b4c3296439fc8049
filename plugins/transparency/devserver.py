"""Live preview: serve the last good build on 127.0.0.1 and rebuild whenever the site's sources change.

Run by `make devserver`. Pelican's own --autoreload does not watch data/, and a failed build must not take
the preview down: each rebuild runs `make html` (sitebuild.py, which swaps output/ in only on success) in a
fresh process, so changes to the plugin's code are picked up too. A rebuild refused because another build
holds the folder's lock (a `make html` run by hand) is reported as failed, and the preview stays up.
"""

import argparse
import functools
import http.server
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles

WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")


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


def rebuild(command: list[str], project: Path, address: str) -> bool:
    result = subprocess.run(command, cwd=project)
    if result.returncode == 0:
        print(f"Serving the new build at {address}", flush=True)
    else:
        print(f"Build failed (see above): still serving the last good build at {address}", flush=True)
    return result.returncode == 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--output", default="output", help="the folder the build command writes")
    parser.add_argument("--build", default="make --no-print-directory html", help="the build command")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    command = shlex.split(args.build)
    address = f"http://{args.bind}:{args.port}/"

    rebuild(command, project, address)
    server = serve(project / args.output, args.bind, args.port)
    watched = [project / name for name in WATCHED if (project / name).exists()]
    print(f"Watching {', '.join(path.name for path in watched)} for changes; Ctrl+C stops.", flush=True)
    try:
        for changes in watchfiles.watch(*watched, raise_interrupt=False):
            changed = sorted({str(Path(path).relative_to(project)) for _, path in changes})
            print(f"Changed: {', '.join(changed)}; rebuilding", flush=True)
            rebuild(command, project, address)
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
