"""Downloadable notebooks, generated from the pages: never edit an .ipynb by hand.

docs/<lang>/<section>/<page>.md becomes docs/<lang>/notebooks/<section>/<page>.ipynb:
- a first cell that compares the installed torch and torchvision with the versions the page was
  tested with (the pins of requirements.txt) and says what to do when they differ, with the
  `%pip install` line for Colab commented out;
- a second cell that sets the state every page starts from (the source of tests/determinism.py)
  and shows values as the Python prompt does, so a reader gets the outputs the page shows;
- the prose as markdown cells (admonitions as block quotes). Links are absolute, to the published
  site, and figures are the committed files on GitHub (raw.githubusercontent.com), so both work in
  Colab and in a local Jupyter; the site's notebook pages show the site's own copy of a figure
  (hooks/notebook_pages.py). The address comes from `extra.repository`, the setting the Colab links
  use: owner/name gives https://owner.github.io/name/. A notebook records the repository it was
  made for, so regenerating without the setting (a local checkout) keeps the committed address;
  with neither, links stay relative to the site;
- one code cell per python block, expanded exactly as the tests run it, and one per `>>>`
  statement of a pycon block, without prompts or outputs. A statement whose output is a
  traceback is tagged `raises-exception`; blocks under a skip are tagged `needs-cuda` or
  `needs-network`, with a note above them.

Exercises (issue #11). In the page, each exercise of the `exercises` section is followed by its
collapsed solution. A notebook cannot collapse a cell for every reader (Colab folds sections, not
cells, and a folded section still runs with "Run all"), so the notebook keeps each exercise's text
and its own code where the page has them, adds an empty code cell for the reader's answer right
after it, and moves the solutions into one final part, "参考答案" / "Solutions", one subsection
per exercise. A Colab reader works down the page with the solutions out of sight, scrolls on (or
opens the part from the table of contents) to compare, and "Run all" still runs every solution in
the one namespace the page uses; so the kernel test (tests/test_notebooks.py) checks the solutions'
shown results too. A separate solutions notebook would have to repeat the whole page to rebuild
the state the solutions use, and be run a second time. The reader's empty cells run as nothing.

The bytes depend only on the sources (cell ids come from the cell index), so a test can compare
the committed notebooks with what this module makes now. `python -m tests.notebooks` rewrites them.
"""

from __future__ import annotations

import doctest
import inspect
import json
import posixpath
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat
import yaml
from mkdocs.utils.yaml import get_yaml_loader
from sybil.parsers.abstract.doctest import DocTestStringParser

from tests import determinism
from tests.checks import REASON, SKIP_ARGUMENTS
from tests.harness import DOCTEST_LANGUAGES
from tests.includes import expand
from tests.output_check import Tolerance
from tests.pages import (DEFAULT_LANGUAGE, DOCS, HEADING, HEADING_ID, LANGUAGES, ROOT, Fence, Page, PageError, pages,
                         relative)
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
SETUP_TAG = "setup"  # the version check and the state cell: comments in the page's language
READER_TAG = "exercise"  # the empty cell after an exercise, for the reader's answer
PINNED = ("torch", "torchvision")
VERSION_CHECK = {
    "zh": ("# 本页的代码用 torch {torch} 和 torchvision {torchvision} 测试过；版本不同，输出可能与页面不同。\n"
           "# 在 Colab 上：删去下一行开头的 #，运行本格，再重启会话（“代码执行程序”→“重启会话”），然后从头运行。\n"
           "# %pip install torch=={torch} torchvision=={torchvision}",
           "已安装 {name} {installed}，本页用 {tested} 测试过：输出可能与页面不同。"
           "请安装测试过的版本（见本格的 %pip 行），重启内核后从头运行。"),
    "en": ("# This page's code was tested with torch {torch} and torchvision {torchvision}; with other\n"
           "# versions the outputs may differ from the page. On Colab: remove the # at the start of the\n"
           "# next line, run this cell, restart the session (Runtime > Restart session), then run all.\n"
           "# %pip install torch=={torch} torchvision=={torchvision}",
           "{name} {installed} is installed, but this page was tested with {tested}: outputs may differ "
           "from the page. Install the tested versions (the %pip line of this cell), restart the kernel "
           "and run from the top."),
}
SOLUTIONS = {"zh": ("参考答案", "练习 {number}"), "en": ("Solutions", "Exercise {number}")}
EXERCISES_ID = "exercises"
ITEM = re.compile(r"^(?P<number>\d+)\.[ \t]+\S")
SOLUTION = re.compile(r'^(?P<indent>[ \t]+)\?\?\?\+?[ \t]+success\b')
CONFIG = ROOT / "mkdocs.yml"
REPOSITORY = re.compile(r"^(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+)$")
METADATA_KEY = "pytorch_notes"  # notebook metadata: the repository the links were made for
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
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    if repo := repository():
        metadata[METADATA_KEY] = {"repository": repo}
    result = nbformat.v4.new_notebook(cells=[cell for cell, _ in page_cells(page_path)], metadata=metadata)
    nbformat.validate(result)
    return result


@dataclass(frozen=True)
class Shown:
    """A `>>>` statement of the page with the output it shows, and its block's declared tolerance."""

    statement: doctest.Example
    tolerance: Tolerance | None


def shown_outputs(page_path: Path) -> dict[str, Shown]:
    """Cell id → the `>>>` statement it holds, with the output the page shows for it."""
    return {cell.id: shown for cell, shown in page_cells(page_path) if shown is not None}


@lru_cache(maxsize=None)
def repository() -> str:
    """owner/name: mkdocs.yml's `extra.repository` (GITHUB_REPOSITORY), else the one the committed
    notebooks were made for, else '' (links then stay relative to the site)."""
    config = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=get_yaml_loader())
    configured = ((config.get("extra") or {}).get("repository") or "").strip()
    if configured:
        return configured
    for path in committed_notebooks():
        recorded = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(METADATA_KEY, {})
        if recorded.get("repository"):
            return recorded["repository"]
    return ""


def published_site() -> str:
    """https://owner.github.io/name/ (GitHub Pages' address for the repository), or ''."""
    match = REPOSITORY.match(repository())
    if not match:
        return ""
    owner, name = match.group("owner"), match.group("name")
    host = f"https://{owner.lower()}.github.io/"
    return host if name.lower() == f"{owner.lower()}.github.io" else f"{host}{name}/"


def raw_file(source: Path) -> str:
    """The committed file on GitHub, as Colab and Jupyter can load it, or ''."""
    if not REPOSITORY.match(repository()):
        return ""
    return f"https://raw.githubusercontent.com/{repository()}/main/{Path(source).resolve().relative_to(ROOT).as_posix()}"


@lru_cache(maxsize=None)
def pinned_versions() -> dict[str, str]:
    """torch and torchvision as requirements.txt pins them: what the pages are tested with."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, _, rest = line.partition("==")
        if name.strip() in PINNED and rest:
            pins[name.strip()] = rest.split("#")[0].strip()
    return pins


def version_check_code(language: str) -> str:
    comment, message = VERSION_CHECK[language]
    pins = pinned_versions()
    return "\n".join([
        comment.format(**pins),
        "import torch",
        "import torchvision",
        "",
        f"TESTED = {pins!r}",
        "for module in (torch, torchvision):",
        '    installed = module.__version__.split("+")[0]  # wheels may add +cpu, +cu128, …',
        "    if installed != TESTED[module.__name__]:",
        f"        print({message!r}.format(name=module.__name__, installed=module.__version__,",
        "                                     tested=TESTED[module.__name__]))",
    ])


def page_cells(page_path: Path) -> list[tuple[nbformat.NotebookNode, Shown | None]]:
    """The notebook's cells, each with the pycon statement it comes from (None for the others)."""
    page = Page(page_path)
    language = page_language(page_path)
    cells = [(code_cell(version_check_code(language), [SETUP_TAG]), None),
             (code_cell(setup_code(language), [SETUP_TAG]), None)]
    skips = skip_tags(page)
    solutions = solution_blocks(page)
    start, solution_cells = front_matter_end(page) + 1, []
    for number, first, stop in solutions:
        cells += range_cells(page, start, first, skips)
        cells.append((code_cell("", [READER_TAG]), None))  # the reader's answer, right after the exercise
        title = SOLUTIONS[language][1].format(number=number)
        solution_cells.append((markdown_cell([f'### {title} <a id="solution-{number}"></a>']), None))
        solution_cells += range_cells(page, first + 1, stop, skips, dedent=indentation(page.lines[first - 1]) + 4)
        start = stop
    cells += range_cells(page, start, len(page.lines) + 1, skips)
    if solution_cells:
        cells.append((markdown_cell([f'## {SOLUTIONS[language][0]} <a id="solutions"></a>']), None))
        cells += solution_cells
    cells = [(cell, shown) for cell, shown in cells if cell.source or READER_TAG in cell.metadata.get("tags", [])]
    for index, (cell, _) in enumerate(cells):
        cell.id = f"cell-{index}"  # nbformat makes random ids; these keep the bytes stable
    return cells


def range_cells(page: Page, start: int, stop: int, skips: dict, dedent: int = 0) -> list:
    """Cells of page lines start..stop-1: prose as markdown, each fence as code cells."""
    cells, in_admonition = [], False
    for fence in [f for f in page.fences if start <= f.line < stop]:
        prose, in_admonition = markdown_lines(page, start, fence.line, in_admonition, dedent)
        cells.append((markdown_cell(prose), None))
        # a block indented into an admonition leaves it open for the prose that follows
        in_admonition = in_admonition and page.lines[fence.line - 1][dedent:].startswith(" ")
        tag, detail = skips.get(fence.line, (None, None))
        if tag:
            cells.append((markdown_cell(["> " + SKIP_NOTES[page_language(page.path), tag].format(detail=detail)]),
                          None))
        cells += fence_cells(page, fence, [tag] if tag else [])
        start = fence.end_line + 1
    prose, _ = markdown_lines(page, start, stop, in_admonition, dedent)
    cells.append((markdown_cell(prose), None))
    return cells


def solution_blocks(page: Page) -> list[tuple[int, int, int]]:
    """(exercise number, line of its `??? success`, first line after the solution) for each
    exercise of the page's `exercises` section."""
    section = next((h for h in page.headings if h.level == 2 and h.id == EXERCISES_ID), None)
    if section is None:
        return []
    fence_lines = {n for f in page.fences for n in range(f.line, f.end_line + 1)}
    end = next((h.line for h in page.headings if h.level <= 2 and h.line > section.line), len(page.lines) + 1)
    blocks, number = [], None
    line = section.line + 1
    while line < end:
        text = page.lines[line - 1]
        if line not in fence_lines and (item := ITEM.match(text)):
            number = int(item.group("number"))
        elif line not in fence_lines and number is not None and (solution := SOLUTION.match(text)):
            depth = len(solution.group("indent"))
            stop = line + 1
            while stop < end and (stop in fence_lines or not page.lines[stop - 1].strip()
                                  or indentation(page.lines[stop - 1]) > depth):
                stop += 1
            while stop - 1 > line and not page.lines[stop - 2].strip():  # blank lines belong to what follows
                stop -= 1
            blocks.append((number, line, stop))
            line = stop
            continue
        line += 1
    return blocks


def indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


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


def fence_cells(page: Page, fence: Fence, tags: list[str]) -> list[tuple[nbformat.NotebookNode, Shown | None]]:
    if fence.language not in DOCTEST_LANGUAGES:
        return [(code_cell(expand(fence).code, tags), None)]
    statements = [region.parsed for region in DocTestStringParser()(fence.body, str(fence.path))]
    tolerance = page.tolerance_for(fence)
    # one cell per statement, so each shows its own value, as on the page
    return [(code_cell(s.source, tags + [RAISES] if s.exc_msg is not None else tags), Shown(s, tolerance))
            for s in statements]


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


def markdown_lines(page: Page, start: int, stop: int, in_admonition: bool, dedent: int = 0) -> tuple[list[str], bool]:
    """Page lines start..stop-1 (less `dedent` leading spaces) as notebook markdown; whether an
    admonition is still open."""
    directive_lines = {d.line for d in page.directives}
    result = []
    for n in range(start, stop):
        if n in directive_lines:
            continue
        line = page.lines[n - 1]
        text = page_link_targets(page, line[min(dedent, indentation(line)):])
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
    """Relative links of the page, made absolute: a link to the page on the published site, an
    image to the committed file on GitHub (without a repository: relative to the notebook's page)."""

    def retarget(link: re.Match) -> str:
        target = link.group("target")
        if EXTERNAL.match(target):
            return link.group(0)
        source = (page.path.parent / target).resolve()
        if link.group("open").startswith("!") and raw_file(source):
            url = raw_file(source)
        elif published_site():
            url = published_site() + site_url(source).removeprefix("/")
        else:
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


def write_notebooks() -> tuple[list[Path], list[str]]:
    """Rewrite every notebook; delete those whose page is gone. Returns what changed, and the
    problems of pages that could not be made (their notebooks are left as they are)."""
    expected, problems = {}, []
    for language in LANGUAGES:
        for path in content_pages(language).values():
            try:
                expected[notebook_path(path)] = notebook_text(path)
            except PageError as error:
                problems.append(str(error))
                expected[notebook_path(path)] = None
    changed = []
    for path in sorted(set(expected) | set(committed_notebooks())):
        if path not in expected:
            path.unlink()
            changed.append(path)
        elif expected[path] is not None and (not path.exists() or path.read_text(encoding="utf-8") != expected[path]):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected[path], encoding="utf-8")
            changed.append(path)
    return changed, problems


def committed_notebooks() -> list[Path]:
    return sorted(path for language in LANGUAGES for path in (DOCS / language / FOLDER).rglob("*.ipynb"))


if __name__ == "__main__":
    changed, problems = write_notebooks()
    for path in changed:
        print(f"updated {relative(path)}")
    for problem in problems:
        print(f"not updated: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)
