"""The formulas of a page, as pymdownx.arithmatex finds them: `$...$` inline, `$$...$$` display.

For the parity checks (tests/checks.py): zh and en pages must show the same formulas in the same
order. Code blocks and inline code are left out, as arithmatex leaves them; `\\$` is a dollar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.pages import Page

INLINE_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
# arithmatex's own patterns (generic mode): no space just inside the dollars of an inline formula
FORMULA = re.compile(r"(?<!\\)\$\$(?P<block>.+?)\$\$|(?<![\\$])\$(?!\s)(?P<inline>(?:\\.|[^\\$])+?)(?<!\s)\$",
                     re.DOTALL)


@dataclass(frozen=True)
class Formula:
    line: int
    latex: str  # whitespace collapsed: indentation inside an admonition is not part of it
    display: bool


def formulas(page: Page) -> list[Formula]:
    inside = set()
    for fence in page.fences:
        inside.update(range(fence.line, fence.end_line + 1))
    # blank out fenced lines and inline code, keeping offsets, so line numbers stay right
    text = "\n".join("" if n in inside else line for n, line in enumerate(page.lines, 1))
    text = INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return [Formula(text.count("\n", 0, m.start()) + 1, " ".join((m.group("block") or m.group("inline")).split()),
                    m.group("block") is not None)
            for m in FORMULA.finditer(text)]
