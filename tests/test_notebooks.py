"""The downloadable notebooks (tests/notebooks.py): the committed copies are current, and each one
runs in a real Jupyter kernel and shows the outputs its page shows.

What the kernel run proves beyond the page run. The page run (tests/harness.py) already proved
that every block of the page runs, in page order, in one namespace from the reset process state,
and prints what the page shows, checked by the float-aware checker; the static checks prove that
the notebook's code cells are those blocks, in that order (the staleness test below) and that
the English notebook's code is the Chinese one's. What is left is what differs in a notebook:
IPython runs the cells (its display hook and pretty-printer, one value shown per cell, `__main__`
being the kernel's namespace, the inline matplotlib backend, the generated version-check and state
cells, the exercise part moved to the end, the reader's empty cells). That needs each Chinese
notebook run once, top to bottom, in a real kernel, with its outputs compared with the page's by
the same checker (tests/output_check.py) and the same declared tolerances. It does not need a new
kernel process for every notebook: starting one and importing torch costs more than most pages'
code. Each xdist worker starts one kernel and reuses it; before a notebook it clears the kernel's
namespace (`%reset -f`) and moves to a fresh directory, and the notebook's own state cell then
resets the process state, as the harness does between pages run in one process. A kernel that
died is replaced. The English notebooks are not run: their code cells are the Chinese ones.
"""

import ast
import doctest
import sys
from pathlib import Path

import nbformat
import pytest
import torch
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from traitlets import default

from tests.notebooks import (RAISES, READER_TAG, SETUP_TAG, Shown, committed_notebooks, content_pages,
                             expected_notebooks, notebook_path, shown_outputs, solution_blocks)
from tests.output_check import NumericOutputChecker
from tests.pages import DEFAULT_LANGUAGE, Page, relative

CELL_TIMEOUT_S = 300  # the classifier's training cell is the slowest, well under this on 2 cores
DROPPED_TAGS = {"needs-network"} | (set() if torch.cuda.is_available() else {"needs-cuda"})


def test_committed_notebooks_are_what_the_pages_make():
    expected = expected_notebooks()
    stale = [relative(path) for path in sorted(expected) if not path.exists()
             or path.read_text(encoding="utf-8") != expected[path]]
    stale += [relative(path) + " (its page is gone)" for path in committed_notebooks() if path not in expected]
    assert not stale, ("notebooks out of date with their pages or with extra.repository (GITHUB_REPOSITORY), "
                       "run `make notebooks`:\n" + "\n".join(stale))


def code_sources(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code" and SETUP_TAG not in cell.metadata.get("tags", [])]


@pytest.mark.parametrize("name", sorted(content_pages("en")))
def test_english_notebook_has_the_chinese_code(name):
    """Only the Chinese notebooks are executed; this makes that enough (the setup cells' comments differ)."""
    zh, en = notebook_path(content_pages(DEFAULT_LANGUAGE)[name]), notebook_path(content_pages("en")[name])
    assert code_sources(en) == code_sources(zh), f"{relative(en)}: code cells differ from {relative(zh)}"


class VenvKernelManager(KernelManager):
    """The kernel of the Python running the tests: ipykernel's spec in this environment, never one
    from the user's Jupyter folders (jupyter_client replaces the spec's bare `python` with
    sys.executable)."""

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[str(Path(sys.prefix) / "share" / "jupyter" / "kernels")])


@pytest.fixture(scope="session")
def kernel(tmp_path_factory):
    """One kernel per worker (see the module docstring); `kernel()` gives a live one."""
    manager = VenvKernelManager(kernel_name="python3")

    def live() -> VenvKernelManager:
        if not manager.has_kernel:
            manager.start_kernel(cwd=str(tmp_path_factory.mktemp("kernel")))
        elif not manager.is_alive():
            manager.restart_kernel(now=True)
        return manager

    yield live
    if manager.has_kernel:
        manager.shutdown_kernel(now=True)


# `%reset -f` ends with a full gc.collect() (IPython's DisplayHook.flush): ~0.5 s with torch loaded,
# 10 s over the notebooks. It frees memory, not state, so it is left out while resetting.
FRESH_START = """\
import gc
gc.full_collect, gc.collect = gc.collect, lambda generation=2: 0
get_ipython().run_line_magic("reset", "-f")
import gc, os
gc.collect = gc.full_collect
del gc.full_collect, gc
os.chdir({folder!r})
del os"""


def fresh_start(folder: Path) -> nbformat.NotebookNode:
    """Run before a notebook in the reused kernel: nothing left from the previous one."""
    cell = nbformat.v4.new_code_cell(FRESH_START.format(folder=str(folder)))
    cell.id = "fresh-start"
    return cell


@pytest.mark.parametrize("page", content_pages(DEFAULT_LANGUAGE).values(), ids=relative)
def test_notebook_runs_and_shows_the_page_outputs(page, tmp_path, kernel):
    path = notebook_path(page)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if not DROPPED_TAGS & set(cell.metadata.get("tags", []))]
    notebook.cells.insert(0, fresh_start(tmp_path))
    client = NotebookClient(notebook, km=kernel(), timeout=CELL_TIMEOUT_S)
    try:
        client.execute()  # raises CellExecutionError, naming the cell, on an error outside `raises-exception`
    finally:
        if client.kc is not None:
            client.kc.stop_channels()  # the kernel stays for the next notebook; its client goes
    statements = shown_outputs(page)
    wrong = [output_problem(cell, statements[cell.id]) for cell in notebook.cells
             if cell.id in statements and statements[cell.id].statement.exc_msg is None]
    wrong = [problem for problem in wrong if problem]
    assert not wrong, f"{relative(path)}: outputs differ from the page's:\n" + "\n".join(wrong)
    silent = [cell.id for cell in notebook.cells if RAISES in cell.metadata.get("tags", [])
              and not any(output.output_type == "error" for output in cell.outputs)]
    assert not silent, f"{relative(path)}: cells tagged {RAISES} raised nothing: {silent}"


def output_problem(cell, shown: Shown) -> str | None:
    """What the cell printed and displayed, checked as the page's doctest checks the same statement:
    the same float-aware checker, with the tolerance the page declares for the block."""
    statement = shown.statement
    got = "".join(output.text if output.output_type == "stream" else output.data.get("text/plain", "") + "\n"
                    for output in cell.outputs
                    if output.get("name") != "stderr")  # warnings: the harness checks them, not the output
    if not got and bare_values_hidden_by_ipython(cell.source):
        return None
    flags = 0
    for flag, enabled in statement.options.items():
        flags = flags | flag if enabled else flags & ~flag
    checker = NumericOutputChecker(shown.tolerance)
    if checker.check_output(statement.want, got, flags):
        return None
    return f"{cell.id}: {cell.source}\n" + checker.output_difference(statement, got, flags)


def bare_values_hidden_by_ipython(source: str) -> bool:
    """The Python prompt shows a bare value inside a `with`/`for`/`if` block; IPython shows only a
    cell's last top-level expression, so such a statement displays nothing in a notebook."""
    return any(isinstance(node, (ast.With, ast.For, ast.While, ast.If, ast.Try)) for node in ast.parse(source).body)


@pytest.mark.parametrize("page", [path for language in ("zh", "en") for path in content_pages(language).values()],
                         ids=relative)
def test_exercises_have_an_empty_cell_and_the_solutions_come_last(page):
    """Issue #11: the reader answers in an empty cell right after each exercise; the solutions
    are in the final part, none under its exercise (tests/notebooks.py explains the choice)."""
    solutions = solution_blocks(Page(page))
    cells = nbformat.read(notebook_path(page), as_version=4).cells
    readers = [i for i, cell in enumerate(cells) if READER_TAG in cell.metadata.get("tags", [])]
    assert len(readers) == len(solutions), f"{relative(page)}: {len(solutions)} exercises, {len(readers)} empty cells"
    if not solutions:
        return
    part = next(i for i, cell in enumerate(cells) if cell.cell_type == "markdown" and 'id="solutions"' in cell.source)
    assert all(cells[i].source == "" and cells[i].cell_type == "code" for i in readers)
    assert readers[-1] < part, f"{relative(page)}: an exercise's empty cell comes after the solutions"
    headings = [i for i, cell in enumerate(cells) if 'id="solution-' in cell.source]
    assert len(headings) == len(solutions) and min(headings) > part
    assert "# %pip install torch==" in cells[0].source  # the version check comes first
