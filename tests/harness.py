"""The Sybil harness: every code block of every page runs, every shown output is checked.

- `python`/`py` fences run as code (after include expansion); they must print nothing, since
  the page would not show it.
- `pycon` fences run as doctests: the output on the page is compared with the real one, floats
  to the digits shown or to the block's declared tolerance (tests/output_check.py).
- Any warning fails the block unless `<!-- expect-warning: Category -->` precedes it; then the
  block must raise that warning.
- Each page runs in one namespace, in a fresh temporary directory, from a reset process state.
- After the last block, the figures the code wrote are compared with the committed ones.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import types
import warnings
from collections import Counter
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sybil import Region, Sybil
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.evaluators.skip import Skipper
from sybil.parsers.markdown import SkipParser

from tests import figures, output_check
from tests.determinism import reset_process_state
from tests.includes import Expanded, expand
from tests.pages import DOCS, ROOT, Fence, Page, PageError

RUN_LANGUAGES = ("python", "py")
DOCTEST_LANGUAGES = ("pycon",)

#: what the run did, for the summary at the end
counts: Counter = Counter()


def tally(example, what: str) -> None:
    """Counts for the summary: the site's pages only, not the fixtures of the bad-input tests."""
    if Path(example.path).resolve().is_relative_to(DOCS.resolve()):
        counts[what] += 1


@dataclass
class PageState:
    workdir: Path
    previous_cwd: str
    previous_main: types.ModuleType | None
    expected_warning: tuple[str, int] | None = None  # category, directive line
    warning_fence: Fence | None = None
    warnings_seen: list = field(default_factory=list)


class PageModule(types.ModuleType):
    """Stands in for `__main__` while a page runs, so pickling classes defined on the page
    works as it does when the snippet is run as a script."""

    def __init__(self, namespace: dict):
        super().__init__("__main__")
        self._namespace = namespace

    def __getattr__(self, name):
        try:
            return self._namespace[name]
        except KeyError:
            raise AttributeError(name) from None


def setup_page(namespace: dict) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="notes-page-"))
    namespace["__page__"] = PageState(workdir, os.getcwd(), sys.modules.get("__main__"))
    namespace["__name__"] = "__main__"
    sys.modules["__main__"] = PageModule(namespace)
    os.chdir(workdir)
    reset_process_state()


def teardown_page(namespace: dict) -> None:
    state: PageState = namespace["__page__"]
    os.chdir(state.previous_cwd)
    sys.modules["__main__"] = state.previous_main
    shutil.rmtree(state.workdir, ignore_errors=True)
    namespace.clear()


@dataclass(frozen=True)
class Block:
    """One example: a whole python fence, or one `>>>` statement of a pycon fence."""

    fence: Fence
    expanded: Expanded
    last_in_fence: bool
    doctest: object = None  # the doctest.Example for pycon statements
    tolerance: output_check.Tolerance | None = None  # declared for the pycon block's floats


def run_python(example) -> str:
    block: Block = example.parsed
    code = block.expanded
    # padding makes tracebacks point at the right line of the snippet module or page
    compiled = compile("\n" * (code.first_line - 1) + code.code, str(code.file), "exec")
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compiled, example.namespace)
    tally(example, "python blocks run")
    if printed.getvalue():
        return (
            "the block printed output that the page does not show; show it in a pycon block instead:\n"
            + printed.getvalue()
        )
    return ""


@lru_cache(maxsize=None)
def doctest_evaluator(tolerance: output_check.Tolerance | None):
    return output_check.evaluator(tolerance)


def run_doctest(example) -> str:
    block: Block = example.parsed
    example.parsed = block.doctest  # what Sybil's doctest evaluator expects
    try:
        result = doctest_evaluator(block.tolerance)(example)
    finally:
        example.parsed = block
    tally(example, "pycon outputs checked")
    return result


class WarningCheck:
    """Runs an example, failing on any warning the page did not declare."""

    def __init__(self, run):
        self.run = run

    def __repr__(self):
        return self.run.__name__

    def __call__(self, example) -> str:
        block: Block = example.parsed
        state: PageState = example.namespace["__page__"]
        if state.expected_warning and state.warning_fence is None:
            state.warning_fence = block.fence
        expected = state.expected_warning[0] if state.warning_fence == block.fence else None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = self.run(example)
        allowed = eval(expected, example.namespace) if expected else None
        for warning in caught:
            if allowed and issubclass(warning.category, allowed):
                state.warnings_seen.append(warning)
            else:
                return result + (
                    f"{warning.category.__name__} raised at {warning.filename}:{warning.lineno}: {warning.message}\n"
                    "Readers must not copy code that is on its way out. Port the code, or, to demonstrate "
                    f"the warning, put <!-- expect-warning: {warning.category.__name__} --> before the block."
                )
        if expected and block.last_in_fence:
            line = state.expected_warning[1]
            state.expected_warning, state.warning_fence = None, None
            if not state.warnings_seen:
                return result + f"line {line} expects a {expected}, but the block raised none"
            tally(example, "warnings demonstrated")
            state.warnings_seen.clear()
        return result


def expect_warning(example) -> None:
    state: PageState = example.namespace["__page__"]
    state.expected_warning = (example.parsed, example.line)


class PageParser:
    """Finds the fences and directives of a page and turns them into Sybil regions."""

    def __init__(self, config_file: Path = ROOT / "mkdocs.yml"):
        self.config_file = config_file
        self.doctest_parser = DocTestStringParser()

    def __call__(self, document):
        page = Page(Path(document.path), document.text)
        offsets = line_offsets(document.text)
        for directive in page.directives:
            if directive.name == "expect-warning":
                start = offsets[directive.line - 1]
                yield Region(start, start + 1, directive.args, expect_warning)
        for fence in page.fences:
            yield from self.fence_regions(page, fence, offsets)
        # after the last block: the figures the page's code made
        yield Region(len(document.text), len(document.text), None, figures.check_page_figures)

    def fence_regions(self, page: Page, fence: Fence, offsets: list[int]):
        if fence.language in RUN_LANGUAGES:
            start = offsets[fence.line - 1]
            yield Region(start, offsets[fence.end_line - 1], Block(fence, expand(fence, self.config_file), True),
                         WarningCheck(run_python))
        elif fence.language in DOCTEST_LANGUAGES:
            if fence.include_lines:
                raise PageError(fence.path, fence.include_lines[0][0], "a pycon block cannot include a snippet")
            statements = list(self.doctest_parser(fence.body, str(fence.path)))
            tolerance = page.tolerance_for(fence)
            if not statements:
                raise PageError(fence.path, fence.line, "a pycon block without any >>> statement")
            for i, statement in enumerate(statements):
                doctest_example = statement.parsed
                line = fence.body_line + doctest_example.lineno
                start = offsets[line - 1]
                expanded = Expanded(fence.body, fence.path, fence.body_line)
                block = Block(fence, expanded, i == len(statements) - 1, doctest_example, tolerance)
                yield Region(start, start + 1, block, WarningCheck(run_doctest))
        else:
            raise PageError(fence.path, fence.line, f"code block language '{fence.language}' is not run by the "
                            "tests; use python (run) or pycon (run and output checked)")


def line_offsets(text: str) -> list[int]:
    offsets, position = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append(position)
        position += len(line)
    offsets.append(position)
    return offsets


# `make test NETWORK=1` (the weekly workflow) also runs the blocks that download data or weights
NETWORK = os.environ.get("NETWORK") == "1"
NETWORK_REASON = "needs the network"


class NetworkSkipper(Skipper):
    """Sybil's skip, except that with NETWORK=1 a "needs the network" skip lets its blocks run."""

    def install(self, example, state, reason) -> None:
        super().install(example, state, reason)
        if NETWORK and state.exception is not None and str(state.exception).startswith(NETWORK_REASON):
            state.exception, state.active = None, False  # as for a skip whose condition is false


def skip_parser() -> SkipParser:
    parser = SkipParser()
    parser.skipper = NetworkSkipper(parser.directive)
    return parser


def page_sybil(folder: Path = ROOT / "docs", config_file: Path = ROOT / "mkdocs.yml") -> Sybil:
    return Sybil(
        parsers=[PageParser(config_file), skip_parser()],
        patterns=["*.md"],
        path=str(folder.resolve()),  # absolute: Sybil does not normalise ".."
        setup=setup_page,
        teardown=teardown_page,
    )
