"""Downloadable notebooks, generated from the pages: never edit an .ipynb by hand.

docs/<lang>/<section>/<page>.md becomes docs/<lang>/notebooks/<section>/<page>.ipynb:
- a first cell that sets the state every page starts from (the source of tests/determinism.py)
  and shows values as the Python prompt does, so a reader gets the outputs the page shows;
- the prose as markdown cells (admonitions as block quotes, links pointing into the site);
- one code cell per python block, expanded exactly as the tests run it, and one per `>>>`
  statement of a pycon block, without prompts or outputs. A statement whose output is a
  traceback is tagged `raises-exception`; blocks under a skip are tagged `needs-cuda` or
  `needs-network`, with a note above them.

The bytes depend only on the sources (cell ids come from the cell index), so a test can compare
the committed notebooks with what this module makes now. `python -m tests.notebooks` rewrites them.
"""

from __future__ import annotations

import doctest
import inspect
import posixpath
import re
from pathlib import Path

import nbformat
from sybil.parsers.abstract.doctest import DocTestStringParser

from tests import determinism
from tests.checks import REASON, SKIP_ARGUMENTS
from tests.harness import DOCTEST_LANGUAGES
from tests.includes import expand
from tests.pages import DEFAULT_LANGUAGE, DOCS, HEADING, HEADING_ID, LANGUAGES, Fence, Page, pages, relative
from tests.site_build import page_url

FOLDER = "notebooks"
RAISES = "raises-exception"  # nbclient runs on past an error in a cell with this tag
SKIP_TAGS = {"needs a CUDA GPU": "needs-cuda", "needs the network": "needs-network"}
SKIP_NOTES = {
    ("zh", "needs-cuda"): "**需要 CUDA GPU**：下面的代码只能在有 GPU 的机器上运行。",
    ("zh", "needs-network"): "**需要联网**（{detail}）：没有网络时请跳过下面的代码，其余部分不依赖它。",
    ("en", "needs-cuda"): "**Needs a CUDA GPU**: run the code below only on a machine with one.",
    ("en", "needs-network"): "**Needs the network** ({detail}): skip the code below when offline; "
                             "nothing else depends on it.",
}
SETUP_COMMENT = {
    "zh": "# 与测试相同的起始状态：随机种子为 0、单线程、固定的打印格式，输出才会和页面上的一致。",
    "en": "# The state the tests start every page from (seeds 0, one thread, fixed print options),\n"
          "# so the outputs match the page.",
}
# IPython pretty-prints values across lines; the pages show repr(), as the Python prompt does
PLAIN_REPR = 'get_ipython().display_formatter.formatters["text/plain"].pprint = False  # values as repr() shows them'
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
LINK = re.compile(r"(?P<open>!?\[[^\]]*\]\()(?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?(?P<close>\))")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^/")


def content_pages(language: str) -> dict[str, Path]:
    """The pages that get a notebook: every page inside a section (the home page has no code)."""
    return {name: path for name, path in pages(language).items() if "/" in name}


def notebook_path(page_path: Path) -> Path:
    language, *rest = Path(page_path).resolve().relative_to(DOCS.resolve()).parts
    return DOCS / language / FOLDER / Path(*rest).with_suffix(".ipynb")


def notebook_text(page_path: Path) -> str:
    return nbformat.writes(notebook(page_path)) + "\n"


def notebook(page_path: Path) -> nbformat.NotebookNode:
    result = nbformat.v4.new_notebook(cells=[cell for cell, _ in page_cells(page_path)], metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(result)
    return result


def shown_outputs(page_path: Path) -> dict[str, doctest.Example]:
    """Cell id → the `>>>` statement it holds, with the output the page shows for it."""
    return {cell.id: statement for cell, statement in page_cells(page_path) if statement is not None}


def page_cells(page_path: Path) -> list[tuple[nbformat.NotebookNode, doctest.Example | None]]:
    """The notebook's cells, each with the pycon statement it comes from (None for the others)."""
    page = Page(page_path)
    language = page_language(page_path)
    cells = [(code_cell(setup_code(language)), None)]
    skips = skip_tags(page)
    in_admonition = False
    prose_start = front_matter_end(page) + 1
    for fence in page.fences:
        prose, in_admonition = markdown_lines(page, prose_start, fence.line, in_admonition)
        cells.append((markdown_cell(prose), None))
        # a block indented into an admonition leaves it open for the prose that follows
        in_admonition = in_admonition and page.lines[fence.line - 1].startswith(" ")
        tag, detail = skips.get(fence.line, (None, None))
        if tag:
            cells.append((markdown_cell(["> " + SKIP_NOTES[language, tag].format(detail=detail)]), None))
        cells += fence_cells(fence, [tag] if tag else [])
        prose_start = fence.end_line + 1
    prose, _ = markdown_lines(page, prose_start, len(page.lines) + 1, in_admonition)
    cells.append((markdown_cell(prose), None))
    cells = [(cell, statement) for cell, statement in cells if cell.source]
    for index, (cell, _) in enumerate(cells):
        cell.id = f"cell-{index}"  # nbformat makes random ids; these keep the bytes stable
    return cells


def page_language(page_path: Path) -> str:
    return Path(page_path).resolve().relative_to(DOCS.resolve()).parts[0]


def setup_code(language: str) -> str:
    """tests/determinism.py itself, without its docstring, then the call the harness makes."""
    module = inspect.getsource(determinism)
    body = module.split('"""', 2)[2].strip()
    return f"{SETUP_COMMENT[language]}\n{body}\n\n\nreset_process_state()\n{PLAIN_REPR}"


def code_cell(source: str, tags: list[str] = ()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def markdown_cell(lines: list[str]) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell("\n".join(lines).strip("\n"))


def fence_cells(fence: Fence, tags: list[str]) -> list[tuple[nbformat.NotebookNode, doctest.Example | None]]:
    if fence.language not in DOCTEST_LANGUAGES:
        return [(code_cell(expand(fence).code, tags), None)]
    statements = [region.parsed for region in DocTestStringParser()(fence.body, str(fence.path))]
    # one cell per statement, so each shows its own value, as on the page
    return [(code_cell(s.source, tags + [RAISES] if s.exc_msg is not None else tags), s) for s in statements]


def skip_tags(page: Page) -> dict[int, tuple[str, str]]:
    """Opening line of each skipped fence → (tag, what the reason says after the tag's words)."""
    skipped, current, pending_next = {}, None, None
    directives = {d.line: d for d in page.directives if d.name == "skip"}
    events = sorted([(line, "directive") for line in directives] + [(f.line, "fence") for f in page.fences])
    for line, kind in events:
        if kind == "fence":
            active = pending_next or current
            if active:
                skipped[line] = active
            pending_next = None
            continue
        match = SKIP_ARGUMENTS.match(directives[line].args)
        action = match.group("action")
        if action == "end":
            current = None
            continue
        reason = REASON.search(match.group("condition")).group("reason")
        prefix = next(p for p in SKIP_TAGS if reason.startswith(p))
        tag = (SKIP_TAGS[prefix], reason.removeprefix(prefix).lstrip(": ").strip())
        if action == "start":
            current = tag
        else:
            pending_next = tag
    return skipped


def front_matter_end(page: Page) -> int:
    if not page.text.startswith("---\n"):
        return 0
    return next(n for n in range(2, len(page.lines) + 1) if page.lines[n - 1].strip() == "---")


def markdown_lines(page: Page, start: int, stop: int, in_admonition: bool) -> tuple[list[str], bool]:
    """Page lines start..stop-1 as notebook markdown; whether an admonition is still open."""
    directive_lines = {d.line for d in page.directives}
    result = []
    for n in range(start, stop):
        if n in directive_lines:
            continue
        text = page_link_targets(page, page.lines[n - 1])
        if admonition := ADMONITION.match(text):
            title = admonition.group("title") or admonition.group("kind").capitalize()
            result.append(f"> **{title}**" if title else ">")
            in_admonition = True
        elif in_admonition and (text.startswith("    ") or not text.strip()):
            result.append(("> " + text[4:]).rstrip())
        else:
            if in_admonition:  # blank lines before the admonition's end are not part of it
                while result and result[-1] == ">":
                    result.pop()
                result.append("")
            in_admonition = False
            result.append(heading_with_anchor(text))
    while result and result[-1] == ">":
        result.pop()
    return result, in_admonition


def heading_with_anchor(text: str) -> str:
    """`## 标题 { #id }` → `## 标题 <a id="id"></a>`: the anchor keeps the page's ids, and the
    site hook moves it onto the heading (mkdocs-jupyter derives none from Chinese text)."""
    heading = HEADING.match(text)
    if not heading or not (explicit := HEADING_ID.search(heading.group("title"))):
        return text
    title = heading.group("title")[: explicit.start()].rstrip()
    return f'{heading.group("level")} {title} <a id="{explicit.group("id")}"></a>'


def page_link_targets(page: Page, text: str) -> str:
    """Relative links of the page, re-aimed from the notebook's page on the site."""

    def retarget(link: re.Match) -> str:
        target = link.group("target")
        if EXTERNAL.match(target):
            return link.group(0)
        source = (page.path.parent / target).resolve()
        url = posixpath.relpath(site_url(source), posixpath.dirname(site_url(notebook_path(page.path))))
        url += "/" if site_url(source).endswith("/") else ""
        return link.group("open") + url + (link.group("anchor") or "") + link.group("close")

    return LINK.sub(retarget, text)


def site_url(source: Path) -> str:
    """Where a file of docs/ ends up in the built site (a page or notebook at its directory URL)."""
    language, *inside = Path(source).resolve().relative_to(DOCS.resolve()).parts
    page = Path(*inside)
    if page.suffix in (".md", ".ipynb"):
        return "/" + page_url(language, page.with_suffix(".md").as_posix())
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"  # also right for docs/assets/…
    return f"/{prefix}{page.as_posix()}"


def expected_notebooks() -> dict[Path, str]:
    return {notebook_path(path): notebook_text(path)
            for language in LANGUAGES for path in content_pages(language).values()}


def write_notebooks() -> list[Path]:
    """Rewrite every notebook; delete those whose page is gone. Returns what changed."""
    expected = expected_notebooks()
    changed = []
    for path in sorted(set(expected) | set(committed_notebooks())):
        if path not in expected:
            path.unlink()
            changed.append(path)
        elif not path.exists() or path.read_text(encoding="utf-8") != expected[path]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected[path], encoding="utf-8")
            changed.append(path)
    return changed


def committed_notebooks() -> list[Path]:
    return sorted(path for language in LANGUAGES for path in (DOCS / language / FOLDER).rglob("*.ipynb"))


if __name__ == "__main__":
    for changed in write_notebooks():
        print(f"updated {relative(changed)}")
