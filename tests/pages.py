"""What the checks need to know about a page: its fences, directives, headings and front matter.

Line numbers are 1-based and refer to the page file, so every message can name `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from tests.output_check import Tolerance, ToleranceError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
# pymdownx.snippets' single-line form; an escaped `;--8<--` does not match.
INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"(?P<target>[^"]+)"[ \t]*$')
INCLUDE_MARK = re.compile(r"^[ \t]*-{1,}8<-{1,}")
DIRECTIVE = re.compile(r"^[ \t]*<!--+\s*(?P<name>[\w-]+):\s*(?P<args>.*?)\s*--+>[ \t]*$")
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.+?)[ \t]*$")
HEADING_ID = re.compile(r"\{[ \t]*#(?P<id>[^\s}]+)[ \t]*\}$")


class PageError(Exception):
    """A problem in a page or snippet, reported as `path:line: message`."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{relative(path)}:{line}: {message}")


def relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Fence:
    path: Path
    line: int  # the opening fence
    language: str
    info: str
    body: str
    end_line: int  # the closing fence

    @property
    def body_line(self) -> int:
        return self.line + 1

    @property
    def include_lines(self) -> list[tuple[int, str]]:
        """(page line, text) of every include line in the body."""
        return [
            (self.body_line + i, text)
            for i, text in enumerate(self.body.splitlines())
            if INCLUDE_MARK.match(text)
        ]

    @property
    def include(self) -> str | None:
        """The include target if the block is exactly one include line, else None."""
        lines = [text for text in self.body.splitlines() if text.strip()]
        if len(lines) == 1:
            match = INCLUDE.match(lines[0])
            if match:
                return match.group("target")
        return None


@dataclass(frozen=True)
class Directive:
    path: Path
    line: int
    name: str
    args: str


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    title: str
    id: str | None


class Page:
    def __init__(self, path: Path, text: str | None = None):
        self.path = Path(path)
        self.text = self.path.read_text(encoding="utf-8") if text is None else text
        self.lines = self.text.splitlines()

    @cached_property
    def front_matter(self) -> dict:
        if not self.text.startswith("---\n"):
            return {}
        end = self.text.find("\n---", 4)
        if end < 0:
            raise PageError(self.path, 1, "front matter is not closed by '---'")
        return yaml.safe_load(self.text[4:end]) or {}

    @cached_property
    def fences(self) -> list[Fence]:
        fences, index = [], 0
        while index < len(self.lines):
            opening = FENCE_OPEN.match(self.lines[index])
            if not opening:
                index += 1
                continue
            fence, indent = opening.group("fence"), len(opening.group("indent"))
            for close in range(index + 1, len(self.lines)):
                text = self.lines[close]
                if text.strip().startswith(fence) and set(text.strip()) == {fence[0]}:
                    break
            else:
                raise PageError(self.path, index + 1, f"code block opened with {fence} is never closed")
            body = "\n".join(strip_indent(text, indent) for text in self.lines[index + 1 : close])
            info = opening.group("info")
            fences.append(Fence(self.path, index + 1, info.split()[0] if info else "", info, body, close + 1))
            index = close + 1
        return fences

    def _outside_fences(self):
        inside = set()
        for fence in self.fences:
            inside.update(range(fence.line, fence.end_line + 1))
        return [(n, text) for n, text in enumerate(self.lines, 1) if n not in inside]

    @cached_property
    def directives(self) -> list[Directive]:
        return [
            Directive(self.path, n, m.group("name"), m.group("args"))
            for n, text in self._outside_fences()
            if (m := DIRECTIVE.match(text))
        ]

    @cached_property
    def headings(self) -> list[Heading]:
        result = []
        in_front_matter = self.text.startswith("---\n")
        for n, text in self._outside_fences():
            if in_front_matter:
                in_front_matter = not (n > 1 and text.strip() == "---")
                continue
            if m := HEADING.match(text):
                id_match = HEADING_ID.search(m.group("title"))
                result.append(Heading(n, len(m.group("level")), m.group("title"), id_match and id_match.group("id")))
        return result

    def directive_before(self, line: int, name: str) -> Directive | None:
        """The `name` directive standing right before `line` (blank lines between are allowed)."""
        for directive in self.directives:
            if directive.name == name and line == next_content_line(self.lines, directive.line):
                return directive
        return None

    def tolerance_for(self, fence: Fence) -> Tolerance | None:
        """The float tolerance declared for a pycon block (tests/output_check.py), if any."""
        directive = self.directive_before(fence.line, "tolerance")
        if directive is None:
            return None
        try:
            return Tolerance.parse(directive.args)
        except ToleranceError as error:
            raise PageError(self.path, directive.line, str(error)) from None

    @cached_property
    def stray_includes(self) -> list[int]:
        """Lines outside code blocks that pymdownx would expand as includes."""
        return [n for n, text in self._outside_fences() if INCLUDE_MARK.match(text)]


def next_content_line(lines: list[str], line: int) -> int | None:
    """The first non-blank line after `line` (1-based)."""
    for n in range(line + 1, len(lines) + 1):
        if lines[n - 1].strip():
            return n
    return None


def strip_indent(text: str, indent: int) -> str:
    removable = len(text) - len(text.lstrip(" \t"))
    return text[min(indent, removable):]


def pages(language: str, docs: Path = DOCS) -> dict[str, Path]:
    """Pages of one language, keyed by their path inside the language folder."""
    folder = docs / language
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*.md"))}
