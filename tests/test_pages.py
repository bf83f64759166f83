"""Static checks over the real site: each page on its own, the two languages, the snippets."""

import io
import os
import runpy
import warnings
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from tests.checks import page_problems, parity_problems, snippet_problems
from tests.determinism import reset_process_state
from tests.pages import LANGUAGES, pages, relative
from tests.snippet_modules import modules

ALL_PAGES = [path for language in LANGUAGES for path in pages(language).values()]


@pytest.mark.parametrize("page", ALL_PAGES, ids=relative)
def test_page_follows_the_rules(page):
    assert not page_problems(page), "\n".join(page_problems(page))


def test_both_languages_have_the_same_pages_and_code():
    problems = parity_problems()
    assert not problems, "\n".join(problems)


def test_every_snippet_line_is_shown_on_a_page():
    problems = snippet_problems(modules())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", modules(), ids=relative)
def test_snippet_runs_on_its_own(module, tmp_path, monkeypatch):
    """`python snippets/…/x.py` works: the module runs as a script, silently."""
    monkeypatch.chdir(tmp_path)
    reset_process_state()
    printed = io.StringIO()
    with redirect_stdout(printed), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runpy.run_path(str(module), run_name="__main__")
    assert printed.getvalue() == "", f"{relative(module)} printed output; snippets compute, pages show"
    # a warning a page demonstrates belongs in its pycon block, not in the script readers copy
    assert not caught, f"{relative(module)} raised {[f'{w.category.__name__}: {w.message}' for w in caught]}"
