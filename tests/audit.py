"""`make audit`: Lighthouse scores of the heaviest pages, served like a static host.

Builds the site, serves it gzip-compressed with caching headers (tests/static_server.py) and runs
the pinned npm Lighthouse (installed by `make audit` into .audit/) in headless Debian chromium.
Prints performance, accessibility, best practices and SEO per page, and the audits that cost
points; the full JSON reports go to .audit/reports/. Not a test, and it does not fail below the
target: performance varies by several points with the machine's load (Total Blocking Time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.pages import ROOT
from tests.site_build import CHROMIUM, CHROMIUM_ARGS, freshly_built_site, page_url
from tests.static_server import serve

LIGHTHOUSE = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / ".audit" / "reports"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HEAVIEST_PAGES = ("index.md", "basics/two_layer_net.md", "practice/tips.md", "practice/migration.md",
                  "notebooks/practice/migration.md")  # the largest notebook page
TARGET = 95  # below it, the audits that cost points are listed


def lighthouse(url: str) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
        env=dict(os.environ, CHROME_PATH=str(CHROMIUM)), capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, with what Lighthouse says about them."""
    audits = report["audits"]
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
            failing.append(f"{audit['id']} ({audit['score']:.2f}): {audit['title']}"
                           + (f" — {audit['displayValue']}" if audit.get("displayValue") else ""))
    return failing


def main() -> int:
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `make audit`, which installs it", file=sys.stderr)
        return 1
    with freshly_built_site() as site:
        print(f"{'page':36} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        with serve(site, compress=True) as base_url:
            for language in ("zh", "en"):
                for page in HEAVIEST_PAGES:
                    path = "/" + page_url(language, page)
                    report = lighthouse(base_url + path.lstrip("/"))
                    REPORTS.mkdir(parents=True, exist_ok=True)  # the full reports, for a closer look
                    (REPORTS / (path.strip("/").replace("/", "-") or "index")).with_suffix(".json").write_text(
                        json.dumps(report), encoding="utf-8")
                    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                    print(f"{path:36} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES), flush=True)
                    for category in CATEGORIES:
                        if scores[category] < TARGET:
                            for line in lost_points(report, category):
                                print(f"    {category}: {line}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
