"""The CI shards (tests/parallel.py): every item in exactly one shard, a page's items together."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.pages import DOCS, ROOT
from tests.parallel import ordered_queue, parse_shard, shard_of, work_unit


def item(path: Path, name: str = "line:1", params: dict | None = None):
    nodeid = f"{Path(path).relative_to(ROOT).as_posix()}::{name}"
    return SimpleNamespace(path=Path(path), nodeid=nodeid, callspec=SimpleNamespace(params=params or {}))


ITEMS = [item(DOCS / language / "basics" / page, f"line:{n}") for language in ("zh", "en")
         for page in ("tensors.md", "autograd.md", "two_layer_net.md") for n in (1, 5)]
ITEMS += [item(ROOT / "tests" / "test_pages.py", "test_rule", {"page": DOCS / "en" / "basics" / "autograd.md"}),
          item(ROOT / "tests" / "test_notebooks.py", "test_run", {"page": DOCS / "zh" / "basics" / "tensors.md"}),
          item(ROOT / "tests" / "test_site.py", "test_built"), item(ROOT / "tests" / "test_links.py", "test_links"),
          item(ROOT / "tests" / "test_workflows.py", "test_lint")]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_every_item_is_in_one_shard_and_a_page_stays_together(n):
    shards = shard_of(ITEMS, n)
    assert set(shards.values()) <= set(range(n))
    by_page = {}
    for each in ITEMS:
        page = each.callspec.params.get("page", each.path)
        if Path(page).suffix == ".md":
            by_page.setdefault(Path(page).relative_to(DOCS).parts[1:], set()).add(shards[id(each)])
    assert all(len(found) == 1 for found in by_page.values()), by_page
    assert shard_of(ITEMS, n) == shards  # deterministic


def test_a_page_is_one_work_unit_and_a_kernel_run_is_one_on_its_own():
    assert work_unit("docs/zh/basics/tensors.md::line:3,column:1") == "docs/zh/basics/tensors.md"
    assert work_unit("tests/test_site.py::test_x") == "tests/test_site.py"
    kernel_run = "tests/test_notebooks.py::test_notebook_runs_and_shows_the_page_outputs[docs/zh/basics/tensors.md]"
    assert work_unit(kernel_run) == kernel_run


def test_the_queue_starts_with_one_site_unit_then_pages_most_blocks_first():
    kernel = "tests/test_notebooks.py::test_notebook_runs_and_shows_the_page_outputs[x]"
    queue = {unit: [None] * size for unit, size in [
        ("tests/test_bad_input.py", 20), (kernel, 1),
        ("tests/test_site.py", 12), ("docs/zh/basics/tensors.md", 50), ("tests/test_links.py", 1),
        ("docs/zh/basics/autograd.md", 90)]}
    assert list(ordered_queue(queue)) == ["tests/test_site.py", "docs/zh/basics/autograd.md", "docs/zh/basics/tensors.md",
                                          "tests/test_links.py", kernel, "tests/test_bad_input.py"]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b"])
def test_a_bad_shard_is_a_usage_error(text):
    with pytest.raises(pytest.UsageError):
        parse_shard(text)
