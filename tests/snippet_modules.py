"""Snippet modules: the named sections a page includes, and where they sit in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tests.pages import SNIPPETS, PageError

MARKER = re.compile(r"^[ \t]*#[ \t]*-{1,}8<-{1,}[ \t]*\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\][ \t]*$")


@dataclass(frozen=True)
class Section:
    path: Path
    name: str
    start: int  # line of the start marker
    end: int  # line of the end marker

    @property
    def first_line(self) -> int:
        return self.start + 1


@lru_cache(maxsize=None)
def sections(path: Path) -> dict[str, Section]:
    """All sections of a module; sections may not nest, overlap or repeat."""
    found: dict[str, Section] = {}
    open_name, open_line = None, 0
    for n, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        marker = MARKER.match(text)
        if not marker:
            continue
        kind, name = marker.group("kind"), marker.group("name")
        if kind == "start":
            if open_name:
                raise PageError(path, n, f"section '{name}' starts inside section '{open_name}' (line {open_line})")
            if name in found:
                raise PageError(path, n, f"section '{name}' is defined twice")
            open_name, open_line = name, n
        else:
            if name != open_name:
                raise PageError(path, n, f"end of section '{name}' without its start")
            found[name] = Section(Path(path), name, open_line, n)
            open_name = None
    if open_name:
        raise PageError(path, open_line, f"section '{open_name}' is never ended")
    return found


def code_outside_sections(path: Path) -> list[int]:
    """Lines of code that no section holds: a page could never show them."""
    inside = {n for s in sections(path).values() for n in range(s.start, s.end + 1)}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [
        n for n, text in enumerate(lines, 1)
        if n not in inside and text.strip() and not text.strip().startswith("#")
    ]


def modules() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))
