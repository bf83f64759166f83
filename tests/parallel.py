"""Running the suite on several cores (pytest-xdist) and in CI shards: a pytest plugin (conftest.py).

    pytest -n 2 --dist loadfile           # what `make test` runs: both cores
    pytest --shard 2/3                    # the second of three shares: `make test SHARD=2/3`

Work units, for `--dist loadfile`: xdist hands each unit whole to one worker.
- A page's blocks share one namespace and run top to bottom, so a page is one unit (its file).
- Items that each take seconds and share nothing are a unit each, so they spread over the workers:
  the notebook kernel runs and the browser's tour of every page (one item per language).
- Any other test module is one unit, as loadfile makes it. The test modules of the built site each
  are one too: the session builds the site once, whichever worker asks first (conftest.py's `site`).

Order: a worker takes the next unit when it is nearly done, so the long units go first and the
queue ends with short ones (no worker idles while the other finishes a long tail):
1. the first unit that needs the built site, so one worker builds it while the other runs pages;
2. the pages, the most blocks first;
3. the other units of the built site (they find it built);
4. the spread items (the notebooks), then the remaining test modules.

Shards: `--shard k/N` keeps a deterministic share of the items and deselects the rest.
- Pages: the page paths of one language, sorted, dealt round-robin; a page's two languages, its
  notebook and its static checks land in the same shard (each item is keyed by the page it is about).
- The rest is keyed by test file (all tests of the built site together, so a shard builds it at most
  once), the keys sorted and dealt round-robin from the last shard backwards, so the shard with the
  first page does not also get the first file.
- Every item is in exactly one shard of N; `python -m tests.provenance merge` joins their records.

Under xdist the workers run the pages; the controller receives every report, so it alone writes
the provenance record, and it adds up the workers' block counts for the summary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from tests.pages import DOCS, LANGUAGES, ROOT

SITE_GROUP = "site"
SITE_ARGUMENT = re.compile(r"^\s*def \w+\((?:[^)]*[,\s])?site\b", re.MULTILINE)
# independent items that each take seconds: one work unit each, so they spread over the workers
# (not the snippet scripts: three of them import torch._dynamo, ~8 s, which one worker pays once)
SPREAD = ("tests/test_notebooks.py::test_notebook_runs_and_shows_the_page_outputs",
          "tests/test_browser.py::test_every_page_loads_without_console_errors_or_requests_to_other_hosts")


def is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_addoption(parser):
    parser.addoption("--shard", metavar="K/N", default=None,
                     help="run only the K-th of N deterministic shares of the pages and tests (1 <= K <= N)")


def parse_shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise pytest.UsageError(f"--shard {text}: write K/N, e.g. --shard 1/2") from None
    if not 1 <= k <= n:
        raise pytest.UsageError(f"--shard {text}: K must be between 1 and N")
    return k, n


def page_name(path: Path) -> str | None:
    """`basics/tensors.md` for docs/zh/basics/tensors.md and docs/en/basics/tensors.md."""
    try:
        language, *inside = Path(path).resolve().relative_to(DOCS.resolve()).parts
    except ValueError:
        return None
    if language not in LANGUAGES or not inside or Path(*inside).suffix != ".md":
        return None
    return Path(*inside).as_posix()


def item_page(item) -> str | None:
    """The site page an item is about: a page's own block, or a test parametrized by a page."""
    if name := page_name(item.path):
        return name
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if isinstance(value, Path) and (name := page_name(value)):
            return name
        if isinstance(value, str) and value.endswith(".md") and (DOCS / LANGUAGES[0] / value).exists():
            return value
    return None


def file_key(item) -> str:
    """A shard key for an item about no page: its test file, or the site group."""
    test_file = item.nodeid.split("::", 1)[0]
    return SITE_GROUP if uses_the_site(test_file) else test_file


def shard_of(items, n: int) -> dict[int, int]:
    """id(item) → shard index 0..n-1."""
    pages = sorted({page for item in items if (page := item_page(item))})
    files = sorted({file_key(item) for item in items if not item_page(item)})
    page_shard = {page: i % n for i, page in enumerate(pages)}
    file_shard = {key: (n - 1 - i) % n for i, key in enumerate(files)}
    return {id(item): page_shard[page] if (page := item_page(item)) else file_shard[file_key(item)]
            for item in items}


def pytest_collection_modifyitems(config, items):
    if shard := config.getoption("shard"):
        k, n = parse_shard(shard)
        shards = shard_of(items, n)
        kept = [item for item in items if shards[id(item)] == k - 1]
        deselected = [item for item in items if shards[id(item)] != k - 1]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@lru_cache(maxsize=None)
def uses_the_site(test_file: str) -> bool:
    """Whether a test module asks for the session's built site (a test or fixture taking `site`)."""
    path = ROOT / test_file
    return path.suffix == ".py" and path.exists() and SITE_ARGUMENT.search(path.read_text(encoding="utf-8")) is not None


def work_unit(nodeid: str) -> str:
    """What one xdist worker runs together: a file (a page, a test module) or a spread item alone."""
    return nodeid if nodeid.startswith(SPREAD) else nodeid.split("::", 1)[0]


def queue_rank(unit: str, size: int, first_site_unit: str | None) -> tuple:
    """Sort key of a work unit in the queue (the order in the module docstring)."""
    test_file = unit.split("::", 1)[0]
    if unit == first_site_unit:
        return (0,)
    if page_name(ROOT / test_file):
        return (1, -size)
    if uses_the_site(test_file):
        return (2,)
    return (3,) if unit.startswith(SPREAD) else (4,)


def ordered_queue(workqueue: dict) -> dict:
    """xdist's queue of {unit: items} (in collection order) in the order of `queue_rank`."""
    first_site_unit = next((unit for unit in workqueue if uses_the_site(unit.split("::", 1)[0])), None)
    ranked = sorted(workqueue, key=lambda unit: queue_rank(unit, len(workqueue[unit]), first_site_unit))
    return {unit: workqueue[unit] for unit in ranked}


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` with the work units and order above; a bare `-n 2` (xdist's `load`, item by
    item) gets the same, since splitting a page's blocks over workers breaks its namespace. (xdist's
    `loadgroup` cannot group Sybil's items on pytest 9: it rewrites `item._nodeid`, which pytest 9
    no longer reads.)"""
    if config.getvalue("dist") not in ("load", "loadfile"):
        return None
    from collections import OrderedDict

    from xdist.scheduler import LoadFileScheduling

    class PageScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not getattr(self, "ordered", False):  # the first assignment: the queue is complete
                self.workqueue = OrderedDict(ordered_queue(self.workqueue))
                self.ordered = True
            super()._assign_work_unit(node)

    return PageScheduling(config, log)


def pytest_sessionfinish(session):
    """In a worker: hand the block counts to the controller (xdist's workeroutput)."""
    if is_worker(session.config):
        from tests.harness import counts

        session.config.workeroutput["page_counts"] = dict(counts)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the controller: add up what each worker ran, for the summary."""
    from tests.harness import counts

    counts.update(getattr(node, "workeroutput", {}).get("page_counts", {}))
