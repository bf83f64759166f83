"""What the last test run proved, per page, for the site to show ("tested with … on …").

The pytest run writes `.provenance.json` at the project root (git-ignored): for each device
kind, each page's outcome counts with the date and versions it ran with. The mkdocs hook
hooks/provenance.py turns it into a note at the end of every page; a site built after a CPU
and a CUDA run shows both.
"""

from __future__ import annotations

import datetime
import json
import platform
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

from tests.pages import DOCS, ROOT

RECORD = ROOT / ".provenance.json"


def device_description() -> tuple[str, str]:
    import torch

    if torch.cuda.is_available():
        return "cuda", f"CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}"
    return "cpu", "CPU"


class PageOutcomes:
    """Collects pass/skip/fail counts of the page items of one pytest run."""

    def __init__(self):
        self.by_page: dict[str, Counter] = defaultdict(Counter)

    def add(self, report) -> None:
        path = ROOT / report.nodeid.split("::")[0]
        if path.suffix != ".md" or not path.resolve().is_relative_to(DOCS.resolve()):
            return
        if report.when == "call" or report.outcome != "passed":  # setup skips and errors count too
            self.by_page[path.relative_to(DOCS).as_posix()][report.outcome] += 1

    def write(self) -> None:
        if not self.by_page:
            return
        record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
        kind, description = device_description()
        setting = dict(
            date=datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
            device=description,
            python=platform.python_version(),
            torch=version("torch"),
            torchvision=version("torchvision"),
        )
        # pages not run this time keep what an earlier run recorded for them
        pages = record.setdefault(kind, {})
        for page, outcomes in self.by_page.items():
            pages[page] = {**setting, **outcomes}
        RECORD.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
