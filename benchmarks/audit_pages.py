"""Page quality: Lighthouse's mobile audit of the home page, an audit page and a chart page of the built site.

Run with `make audit-pages` (builds first). Serves output/ on 127.0.0.1 with gzip, as static hosts do, runs
Lighthouse (npm `lighthouse`, through npx) in Debian's Chromium, and prints each page's performance,
accessibility and best-practices scores and the bytes transferred to load it. Exits 1 if a goal is missed:
performance >= 0.95, accessibility = 1.00, an audit page <= 150 KB transferred.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lighthouse 13 needs Node 22; 12.8 is the newest that runs on Debian 12's Node 20.
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
PAGES = {
    "home": "",
    "audit page": "publications/asc-caseload-audit-2024-25/",
    "chart page": "charts/caseload-by-team-2024-25/",
}
CATEGORIES = ("performance", "accessibility", "best-practices")
GOALS = {"performance": 0.95, "accessibility": 1.0}
AUDIT_PAGE_BUDGET = 150 * 1024
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".xml", ".csv", "/")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files as a static host does: text compressed with gzip when the browser accepts it."""

    def do_GET(self):  # noqa: N802 - the standard library's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and self.path.split("?")[0].endswith(COMPRESSIBLE)):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def lighthouse(url: str) -> dict:
    """Lighthouse's JSON report for one page, in its default (mobile, simulated slow 4G) profile."""
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False
    )
    if result.returncode != 0:
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "output", help="built site (default: output/)")
    site = parser.parse_args().site
    if not (site / "index.html").is_file():
        sys.exit(f"{site}/index.html not found: run `make html` first")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    missed = []
    print(f"Lighthouse ({LIGHTHOUSE}, mobile profile) on {CHROMIUM}, site served with gzip\n")
    header = ("page", "performance", "accessibility", "best-practices", "transferred")
    print("{:<12} {:>11} {:>13} {:>14} {:>12}  path".format(*header))
    try:
        for name, path in PAGES.items():
            report = lighthouse(base + path)
            scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
            transferred = report["audits"]["total-byte-weight"]["numericValue"]
            print(
                f"{name:<12} {scores['performance']:>11.2f} {scores['accessibility']:>13.2f} "
                f"{scores['best-practices']:>14.2f} {transferred / 1024:>9.1f} KB  /{path}"
            )
            missed += [
                f"{name}: {category} {scores[category]:.2f} < {goal:.2f}"
                for category, goal in GOALS.items()
                if scores[category] < goal
            ]
            if name == "audit page" and transferred > AUDIT_PAGE_BUDGET:
                missed.append(f"{name}: {transferred / 1024:.1f} KB transferred > 150 KB")
    finally:
        server.shutdown()
    print("\n" + ("\n".join(f"goal missed: {line}" for line in missed) or "every goal met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
