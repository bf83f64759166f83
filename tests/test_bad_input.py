"""Bad input fails loudly, naming the file and line: shown on small fixture pages."""

from pathlib import Path

import pytest
from sybil.example import SybilFailure

from tests.checks import page_problems, parity_problems
from tests.harness import page_sybil
from tests.exercises import exercise_problems
from tests.pages import Page, PageError

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


def page_failures(name):
    """Runs a fixture page the way pytest runs a real one; returns the text of every failure."""
    sybil = page_sybil(PAGES)
    document = sybil.parse(PAGES / name)
    sybil.setup(document.namespace)
    failures = []
    try:
        for example in document.examples():
            try:
                example.evaluate()
            except SybilFailure as failure:
                failures.append(str(failure))
    finally:
        sybil.teardown(document.namespace)
    return failures


def run_page(name):
    """The first failure's text, or None."""
    return next(iter(page_failures(name)), None)


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


def test_floats_match_to_the_digits_shown_and_to_a_declared_tolerance():
    assert run_page("tolerances.md") is None
    failure = run_page("tolerance_exceeded.md")
    assert "tolerance_exceeded.md, line 11" in failure and "Expected:\n    0.50\nGot:\n    0.53" in failure


def test_two_units_in_the_last_digit_or_a_float_without_decimals_must_match():
    failures = page_failures("float_last_digit.md")
    assert len(failures) == 2 and "line 8" in failures[0] and "line 13" in failures[1], failures


def test_a_tolerance_must_be_needed_told_and_well_formed():
    problems = page_problems(PAGES / "bad_tolerances.md")
    prefix = "tests/fixtures/pages/bad_tolerances.md:"
    assert problems == [
        prefix + "9: a tolerance on exact values: this block shows no float; integers, shapes, dtypes and "
                 "errors are always compared exactly",
        prefix + "15: tolerance rel=0.2 needs a sentence for the reader next to it (in the paragraph before "
                 "it or right after the block) that states 0.2, e.g. 'on another CPU or a GPU your digits "
                 "may differ by up to …'",
        prefix + "23: a tolerance must stand right before the pycon block whose floats it is for",
        prefix + "28: malformed tolerance 'within=3': write abs=0.05, rel=0.1, or both",
    ], problems


def test_exercises_need_solutions_that_check_something():
    prefix = "tests/fixtures/pages/bad_exercises.md:"
    assert exercise_problems(Page(PAGES / "bad_exercises.md")) == [
        prefix + "18: exercise without a solution: add a collapsed ??? success \"…\" block",
        prefix + "20: the solution checks nothing: show its results in a pycon block",
    ]
    assert exercise_problems(Page(PAGES / "wrong_output.md")) == [
        "tests/fixtures/pages/wrong_output.md:14: a lesson ends with '## 练习 { #exercises }' / "
        "'## Exercises { #exercises }'"]
