"""Every lesson ends with exercises whose solutions are checked code (issue #11).

A lesson page's last `##` section has the id `exercises`: a numbered list of 3 to 5 exercises,
each with a collapsed `??? success "…"` solution that holds at least one pycon block, so the
solution shows checked results instead of only running.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.pages import DOCS, LANGUAGES, Page, PageError

SECTION_ID = "exercises"
COUNT = range(3, 6)
NOT_LESSONS = {"index.md", "glossary.md", "practice/migration.md"}  # a reference, not a lesson
ITEM = re.compile(r"^\d+\.[ \t]+\S")
SOLUTION = re.compile(r'^[ \t]+\?\?\?\+?[ \t]+success\b')


def is_lesson(path: Path, docs: Path = DOCS) -> bool:
    try:
        inside = Path(path).resolve().relative_to(docs.resolve())
    except ValueError:  # a fixture page of the bad-input tests
        return False
    return inside.parts[0] in LANGUAGES and Path(*inside.parts[1:]).as_posix() not in NOT_LESSONS


def exercise_problems(page: Page) -> list[str]:
    def problem(line: int, message: str) -> str:
        return str(PageError(page.path, line, message))

    sections = [heading for heading in page.headings if heading.level == 2]
    if not sections or sections[-1].id != SECTION_ID:
        return [problem(len(page.lines), "a lesson ends with '## 练习 { #exercises }' / '## Exercises { #exercises }'")]
    start = sections[-1].line
    items = [n for n in range(start + 1, len(page.lines) + 1) if ITEM.match(page.lines[n - 1])]
    problems = []
    if len(items) not in COUNT:
        problems.append(problem(start, f"{len(items)} exercises; a lesson has {COUNT.start} to {COUNT.stop - 1}"))
    pycon_lines = {fence.line for fence in page.fences if fence.language == "pycon"}
    for item, end in zip(items, items[1:] + [len(page.lines) + 1]):
        solutions = [n for n in range(item, end) if SOLUTION.match(page.lines[n - 1])]
        if not solutions:
            problems.append(problem(item, 'exercise without a solution: add a collapsed ??? success "…" block'))
        elif not any(solutions[0] < line < end for line in pycon_lines):
            problems.append(problem(item, "the solution checks nothing: show its results in a pycon block"))
    return problems
