"""The downloadable notebooks (tests/notebooks.py): the committed copies are current, and each one
runs in a real Jupyter kernel and shows the outputs its page shows."""

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

from tests.notebooks import (RAISES, committed_notebooks, content_pages, expected_notebooks, notebook_path,
                             shown_outputs)
from tests.pages import DEFAULT_LANGUAGE, relative

OUTPUT_CHECKER = doctest.OutputChecker()
CELL_TIMEOUT_S = 300  # the classifier's training cell is the slowest, well under this on 2 cores
DROPPED_TAGS = {"needs-network"} | (set() if torch.cuda.is_available() else {"needs-cuda"})


def test_committed_notebooks_are_what_the_pages_make():
    expected = expected_notebooks()
    stale = [relative(path) for path in sorted(expected) if not path.exists()
             or path.read_text(encoding="utf-8") != expected[path]]
    stale += [relative(path) + " (its page is gone)" for path in committed_notebooks() if path not in expected]
    assert not stale, "notebooks out of date with their pages, run `make notebooks`:\n" + "\n".join(stale)


def code_sources(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells[1:] if cell.cell_type == "code"]


@pytest.mark.parametrize("name", sorted(content_pages("en")))
def test_english_notebook_has_the_chinese_code(name):
    """Only the Chinese notebooks are executed; this makes that enough (the setup cell's comment differs)."""
    zh, en = notebook_path(content_pages(DEFAULT_LANGUAGE)[name]), notebook_path(content_pages("en")[name])
    assert code_sources(en) == code_sources(zh), f"{relative(en)}: code cells differ from {relative(zh)}"


class VenvKernelManager(KernelManager):
    """The kernel of the Python running the tests: ipykernel's spec in this environment, never one
    from the user's Jupyter folders (jupyter_client replaces the spec's bare `python` with
    sys.executable)."""

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[str(Path(sys.prefix) / "share" / "jupyter" / "kernels")])


@pytest.mark.parametrize("page", content_pages(DEFAULT_LANGUAGE).values(), ids=relative)
def test_notebook_runs_and_shows_the_page_outputs(page, tmp_path):
    path = notebook_path(page)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if not DROPPED_TAGS & set(cell.metadata.get("tags", []))]
    # nbclient owns the kernel manager, so it also shuts the kernel down and closes its sockets
    client = NotebookClient(notebook, kernel_name="python3", kernel_manager_class=VenvKernelManager,
                            timeout=CELL_TIMEOUT_S, resources={"metadata": {"path": str(tmp_path)}})  # a fresh cwd
    client.execute()  # raises CellExecutionError, naming the cell, on an error outside `raises-exception`
    statements = shown_outputs(page)
    wrong = [output_problem(cell, statements[cell.id]) for cell in notebook.cells
             if cell.id in statements and statements[cell.id].exc_msg is None]
    wrong = [problem for problem in wrong if problem]
    assert not wrong, f"{relative(path)}: outputs differ from the page's:\n" + "\n".join(wrong)
    silent = [cell.id for cell in notebook.cells if RAISES in cell.metadata.get("tags", [])
              and not any(output.output_type == "error" for output in cell.outputs)]
    assert not silent, f"{relative(path)}: cells tagged {RAISES} raised nothing: {silent}"


def output_problem(cell, statement: doctest.Example) -> str | None:
    """What the cell printed and displayed, checked like the page's doctest checks the same statement."""
    shown = "".join(output.text if output.output_type == "stream" else output.data.get("text/plain", "") + "\n"
                    for output in cell.outputs
                    if output.get("name") != "stderr")  # warnings: the harness checks them, not the output
    if not shown and bare_values_hidden_by_ipython(cell.source):
        return None
    flags = 0
    for flag, enabled in statement.options.items():
        flags = flags | flag if enabled else flags & ~flag
    if OUTPUT_CHECKER.check_output(statement.want, shown, flags):
        return None
    return f"{cell.id}: {cell.source}\n" + OUTPUT_CHECKER.output_difference(statement, shown, flags)


def bare_values_hidden_by_ipython(source: str) -> bool:
    """The Python prompt shows a bare value inside a `with`/`for`/`if` block; IPython shows only a
    cell's last top-level expression, so such a statement displays nothing in a notebook."""
    return any(isinstance(node, (ast.With, ast.For, ast.While, ast.If, ast.Try)) for node in ast.parse(source).body)
