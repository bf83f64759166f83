"""Bad input fails loudly, naming the file and line: shown on small fixture pages."""

from pathlib import Path

import pytest
from sybil.example import SybilFailure

from tests.checks import page_problems, parity_problems
from tests.harness import page_sybil
from tests.pages import PageError

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


def run_page(name):
    """Runs a fixture page the way pytest runs a real one; returns the first failure's text."""
    sybil = page_sybil(PAGES)
    document = sybil.parse(PAGES / name)
    sybil.setup(document.namespace)
    try:
        for example in document.examples():
            example.evaluate()
    except SybilFailure as failure:
        return str(failure)
    finally:
        sybil.teardown(document.namespace)
    return None


@pytest.mark.parametrize("name, message", [
    ("missing_file.md", "tests/fixtures/pages/missing_file.md:8: SnippetMissingError"),
    ("missing_section.md", "tests/fixtures/pages/missing_section.md:8: SnippetMissingError: "
                           "Snippet section 'no-such-section' could not be located"),
])
def test_a_missing_include_fails_naming_page_and_line(name, message):
    with pytest.raises(PageError) as raised:
        page_sybil(PAGES).parse(PAGES / name)
    assert message in str(raised.value)
    assert any(message in problem for problem in page_problems(PAGES / name))


def test_an_output_that_differs_fails_naming_page_and_line():
    failure = run_page("wrong_output.md")
    assert "wrong_output.md, line 12" in failure
    assert "Expected:\n    7\nGot:\n    6" in failure


def test_a_skip_without_reason_fails_naming_page_and_line():
    problems = page_problems(PAGES / "skip_without_reason.md")
    assert any(p.startswith("tests/fixtures/pages/skip_without_reason.md:7: a skip needs a stated reason")
               for p in problems), problems


def test_an_undeclared_warning_fails_and_a_declared_one_passes():
    failure = run_page("undeclared_warning.md")
    assert "undeclared_warning.md, line 7" in failure
    assert "FutureWarning raised at" in failure and "old API" in failure
    assert run_page("declared_warning.md") is None


def test_a_block_that_prints_fails():
    failure = run_page("printing_block.md")
    assert "printing_block.md, line 7" in failure and "invisible on the page" in failure


def test_a_page_without_its_translation_fails():
    problems = parity_problems(FIXTURES / "docs")
    assert "tests/fixtures/docs/zh/only_zh.md:1: has no en page (expected tests/fixtures/docs/en/only_zh.md)" in problems


def test_a_stale_translation_fails_naming_the_page():
    problems = parity_problems(FIXTURES / "docs")
    assert any(p.startswith("tests/fixtures/docs/en/stale.md:1: translates an older version of "
                            "tests/fixtures/docs/zh/stale.md") for p in problems), problems
