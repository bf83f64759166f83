"""Static checks of pages and snippets; each problem is reported as `file:line: message`.

The tests run them over docs/ and snippets/; tests/test_bad_input.py runs them over fixtures.
"""

from __future__ import annotations

import re
from pathlib import Path

from sybil.parsers.abstract.doctest import DocTestStringParser

from tests.harness import DOCTEST_LANGUAGES, RUN_LANGUAGES
from tests.formulas import formulas
from tests.exercises import exercise_problems, is_lesson
from tests.includes import expand
from tests.output_check import Tolerance, ToleranceError, has_float
from tests.pages import DEFAULT_LANGUAGE, DOCS, LANGUAGES, Page, PageError, next_content_line, pages, relative
from tests.snippet_modules import code_outside_sections, sections
from tests.translations import staleness

SKIP_REASONS = ("needs a CUDA GPU", "needs the network")
SKIP_ARGUMENTS = re.compile(r"^(?P<action>start|next|end)\b\s*(?P<condition>.*)$")
REASON = re.compile(r"""(?:reason\s*=\s*)?(?P<quote>["'])(?P<reason>.+?)(?P=quote)\s*\)?\s*$""")


def page_problems(path: Path) -> list[str]:
    """Everything wrong with one page on its own."""
    page = Page(path)
    problems: list[str] = []

    def problem(line: int, message: str) -> None:
        problems.append(str(PageError(path, line, message)))

    try:
        fences = page.fences
    except PageError as error:
        return [str(error)]
    for fence in fences:
        if fence.language not in RUN_LANGUAGES + DOCTEST_LANGUAGES:
            problem(fence.line, f"code block language '{fence.language}' is not run by the tests; "
                                "use python (run) or pycon (run, output checked)")
        elif fence.include_lines:
            try:
                expand(fence)
            except PageError as error:
                problems.append(str(error))
    for line in page.stray_includes:
        problem(line, "include outside a code block: includes belong alone in a python block")
    problems += directive_problems(page)
    seen_ids: dict[str, int] = {}
    for heading in page.headings:
        if heading.id is None:
            problem(heading.line, "heading without an explicit id; write it as '## Title { #some-id }' "
                                  "with the same id in both languages")
        elif heading.id in seen_ids:
            problem(heading.line, f"heading id '{heading.id}' already used on line {seen_ids[heading.id]}")
        else:
            seen_ids[heading.id] = heading.line
    if is_lesson(path):
        problems += exercise_problems(page)
    if not page.front_matter.get("description"):
        problem(1, "front matter has no 'description' (the page's summary for search engines)")
    return problems


def directive_problems(page: Page) -> list[str]:
    problems = []
    fence_after = {fence.line: fence for fence in page.fences}
    for directive in page.directives:
        following = next_content_line(page.lines, directive.line)
        fence = fence_after.get(following)
        if directive.name == "skip":
            message = skip_problem(directive.args, fence)
        elif directive.name == "expect-warning":
            message = None if fence else "expect-warning must stand right before the code block it is about"
        elif directive.name == "tolerance":
            message = tolerance_problem(page, directive, fence)
        else:
            message = f"unknown directive '{directive.name}' (known: skip, expect-warning, tolerance)"
        if message:
            problems.append(str(PageError(page.path, directive.line, message)))
    return problems


def tolerance_problem(page: Page, directive, fence) -> str | None:
    """A tolerance widens the float checks of one pycon block; it must be needed and told."""
    if fence is None or fence.language not in DOCTEST_LANGUAGES:
        return "a tolerance must stand right before the pycon block whose floats it is for"
    try:
        tolerance = Tolerance.parse(directive.args)
    except ToleranceError as error:
        return str(error)
    wanted = "".join(statement.parsed.want for statement in DocTestStringParser()(fence.body, str(page.path)))
    if not has_float(wanted):
        return ("a tolerance on exact values: this block shows no float; integers, shapes, dtypes and "
                "errors are always compared exactly")
    nearby = paragraph(page, directive.line, -1) + " " + paragraph(page, fence.end_line, +1)
    if not any(value in nearby for value in tolerance.written_values):
        return (f"tolerance {directive.args} needs a sentence for the reader next to it (in the paragraph "
                f"before it or right after the block) that states {' or '.join(tolerance.written_values)}, "
                "e.g. 'on another CPU or a GPU your digits may differ by up to …'")
    return None


def paragraph(page: Page, line: int, step: int) -> str:
    """The text of the paragraph next to `line`, before it (step -1) or after it (step +1)."""
    n = line + step
    while 1 <= n <= len(page.lines) and not page.lines[n - 1].strip():
        n += step
    text = []
    while 1 <= n <= len(page.lines) and page.lines[n - 1].strip():
        text.append(page.lines[n - 1].strip())
        n += step
    return " ".join(text)


def skip_problem(arguments: str, fence) -> str | None:
    match = SKIP_ARGUMENTS.match(arguments)
    if not match:
        return f"malformed skip directive '{arguments}'"
    if match.group("action") == "end":
        return None
    reason = REASON.search(match.group("condition"))
    if not reason or not reason.group("reason").startswith(SKIP_REASONS):
        return ("a skip needs a stated reason starting with " + " or ".join(repr(r) for r in SKIP_REASONS)
                + ", e.g. <!-- skip: next \"needs the network: downloads CIFAR-10\" -->")
    if match.group("action") == "next" and fence is not None and fence.language in DOCTEST_LANGUAGES \
            and fence.body.count(">>>") > 1:
        return "'skip: next' skips only the first >>> statement; wrap the block in 'skip: start' / 'skip: end'"
    return None


def parity_problems(docs: Path = DOCS) -> list[str]:
    """Every page exists in both languages, with the same code, directives and anchors."""
    by_language = {language: pages(language, docs) for language in LANGUAGES}
    problems = []
    for language in LANGUAGES:
        for other in LANGUAGES:
            for name in sorted(by_language[language].keys() - by_language[other].keys()):
                problems.append(f"{relative(by_language[language][name])}:1: has no {other} page "
                                f"(expected {relative(docs / other / name)})")
    for name in sorted(by_language[DEFAULT_LANGUAGE].keys() & by_language["en"].keys()):
        problems += pair_problems(by_language[DEFAULT_LANGUAGE][name], by_language["en"][name], docs)
    return problems


def pair_problems(zh_path: Path, en_path: Path, docs: Path = DOCS) -> list[str]:
    zh, en = Page(zh_path), Page(en_path)
    problems = []
    comparisons = [
        ("code block", zh.fences, en.fences, lambda f: (f.language, f.info, f.body)),
        ("directive", zh.directives, en.directives, lambda d: (d.name, d.args)),
        ("heading id", zh.headings, en.headings, lambda h: h.id),
        ("formula", formulas(zh), formulas(en), lambda f: (f.display, f.latex)),
    ]
    for what, zh_items, en_items, key in comparisons:
        for index, (a, b) in enumerate(zip(zh_items, en_items)):
            if key(a) != key(b):
                problems.append(f"{relative(en_path)}:{b.line}: {what} differs from "
                                f"{relative(zh_path)}:{a.line}; code, directives and anchors must match")
                break
        else:
            if len(zh_items) != len(en_items):
                problems.append(f"{relative(en_path)}:1: {len(en_items)} {what}s, but "
                                f"{relative(zh_path)} has {len(zh_items)}")
    stale = staleness(en_path, docs)
    if stale:
        problems.append(stale)
    return problems


def snippet_problems(modules: list[Path], docs: Path = DOCS) -> list[str]:
    """Every line of code is in a section, and every section is shown by some page."""
    included: set[tuple[Path, str]] = set()
    for language in LANGUAGES:
        for page_path in pages(language, docs).values():
            for fence in Page(page_path).fences:
                if fence.include:
                    file, _, section = fence.include.partition(":")
                    included.add(((docs.parent / file).resolve(), section))
    problems = []
    for module in modules:
        for line in code_outside_sections(module):
            problems.append(f"{relative(module)}:{line}: code outside any section: no page can show it")
        for section in sections(module).values():
            if (module.resolve(), section.name) not in included and (module.resolve(), "") not in included:
                problems.append(f"{relative(module)}:{section.start}: section '{section.name}' is included by no page")
    return problems
