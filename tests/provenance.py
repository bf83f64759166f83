"""What the test runs proved, per page, for the site to show ("tested with … on …").

A pytest run writes `.provenance.json` at the project root (git-ignored): for each device kind
("cpu", "cuda"), each page's outcome counts, how long its code ran, the date and versions. The
mkdocs hook hooks/provenance.py turns it into a note at the end of every page.

A record is kept per page *name* (`basics/tensors.md`), not per language: the two languages of a
page run the same code with the same outputs (the parity check, tests/checks.py), so what one
language's run proved holds for the other. `make test` uses this: it runs each page's code once per
instruction set, with the language of the run chosen by the Makefile.

- The portability pass (`make test`, PORTABILITY_PASS=1) re-runs the pages under lowered CPU
  instruction sets; it only adds the instruction set to the pages that passed under it.
- The CI shards and the GPU job each upload their record; `python -m tests.provenance merge OUT IN…`
  joins them for the deploy, and `… require-gpu FILE` fails when the GPU half is missing.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import platform
import sys
from collections import defaultdict
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

# no project imports at module level: the CI jobs that merge records run it without the requirements
ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / ".provenance.json"
COUNTS = ("passed", "skipped", "failed")


def device_kind() -> tuple[str, str]:
    import torch

    if torch.cuda.is_available():
        return "cuda", f"CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}"
    return "cpu", f"CPU, {platform.machine()}"


def instruction_set() -> str:
    """What ATen dispatches to here: AVX512, AVX2, DEFAULT (none) on x86; other names on ARM."""
    import torch

    return torch.backends.cpu.get_cpu_capability()


class PageOutcomes:
    """Collects pass/skip/fail counts and run time of the page items of one pytest run."""

    def __init__(self):
        # (page name, language) → counts; the languages are joined when the record is written
        self.runs: dict[tuple[str, str], dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0) | {"seconds": 0.0})

    def add(self, report) -> None:
        from tests.pages import DOCS

        path = ROOT / report.nodeid.split("::")[0]
        if path.suffix != ".md" or not path.resolve().is_relative_to(DOCS.resolve()):
            return
        language, *inside = path.resolve().relative_to(DOCS.resolve()).parts
        page = self.runs[Path(*inside).as_posix(), language]
        page["seconds"] += report.duration
        if report.when == "call" or report.outcome != "passed":  # setup skips and errors count too
            page[report.outcome] += 1

    @property
    def by_page(self) -> dict[str, dict]:
        """One outcome per page name: where both languages ran, the one with more failures (the
        first language on a tie), so a failure in either is never hidden."""
        from tests.pages import LANGUAGES

        joined: dict[str, dict] = {}
        for (name, language), outcome in sorted(self.runs.items(), key=lambda run: LANGUAGES.index(run[0][1])):
            if name not in joined or outcome["failed"] > joined[name]["failed"]:
                joined[name] = outcome
        return joined

    def write(self, record_file: Path = RECORD) -> None:
        if not self.runs:
            return
        with locked(record_file):  # the two portability passes run side by side and end together
            self.update(record_file)

    def update(self, record_file: Path) -> None:
        record = load(record_file)
        kind, device = device_kind()
        pages = record.setdefault(kind, {})
        isa = instruction_set()
        by_page = self.by_page
        if os.environ.get("PORTABILITY_PASS") == "1":
            if kind != "cpu":  # on a GPU machine the pass re-ran the pages on the GPU: nothing to add
                return
            for name, outcome in by_page.items():
                if name in pages and not outcome["failed"] and isa not in pages[name].setdefault("isa", []):
                    pages[name]["isa"].append(isa)
        else:
            setting = dict(
                date=datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                device=device,
                python=platform.python_version(),
                torch=version("torch"),
                torchvision=version("torchvision"),
                isa=[isa] if kind == "cpu" else [],
            )
            # pages not run this time keep what an earlier run recorded for them
            for name, outcome in by_page.items():
                pages[name] = setting | outcome | {"seconds": round(outcome["seconds"], 2)}
        save(record, record_file)


@contextmanager
def locked(path: Path):
    """An exclusive lock beside `path` (`path.lock`) for processes that run side by side: the two
    portability passes writing the record, the xdist workers building the site (tests/conftest.py)."""
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def load(record_file: Path = RECORD) -> dict:
    return json.loads(record_file.read_text(encoding="utf-8")) if record_file.exists() else {}


def save(record: dict, record_file: Path = RECORD) -> None:
    record_file.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")


def merge(records: list[dict]) -> dict:
    """Joins the records of CI shards and devices; a page run by two shards keeps the later one."""
    merged: dict = {}
    for record in records:
        for kind, pages in record.items():
            merged.setdefault(kind, {}).update(pages)
    return merged


def gpu_problems(record: dict) -> list[str]:
    """Why a deploy must not claim GPU results: no GPU run, or a page it did not run."""
    if "cuda" not in record:
        return ["no CUDA run in the record: the GPU job did not run or did not upload its record"]
    return [f"{page}: not run on the GPU" for page in sorted(record.get("cpu", {}).keys() - record["cuda"].keys())]


def main(arguments: list[str]) -> int:
    if arguments[:1] == ["merge"] and len(arguments) >= 3:
        save(merge([load(Path(name)) for name in arguments[2:]]), Path(arguments[1]))
        return 0
    if arguments[:1] == ["require-gpu"] and len(arguments) == 2:
        problems = gpu_problems(load(Path(arguments[1])))
        for problem in problems:
            print(f"{arguments[1]}: {problem}", file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m tests.provenance merge OUT IN [IN …] | require-gpu FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
