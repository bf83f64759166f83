"""Formulas as MathML, converted at build time: no script, no font, no request to another host.

Pages write LaTeX, `$...$` inline and `$$...$$` on lines of their own; pymdownx.arithmatex
(generic mode) marks them, and this hook replaces each with the MathML that latex2mathml makes,
which browsers lay out natively. Notebook pages (mkdocs-jupyter) keep the `$` delimiters in their
markdown cells (Jupyter and Colab render those themselves); here they are converted the same way.

latex2mathml accepts almost anything (an unknown command becomes the text `\\foo`, a missing
brace is forgiven), so each formula is also checked; one that does not parse fails the build
with the page file and line.
"""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from pathlib import Path

from latex2mathml import commands
from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

# what pymdownx.arithmatex writes in generic mode (its content is HTML-escaped)
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL)
# a notebook's markdown cells as nbconvert renders them: math left between dollars
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(?=<div class="jp-Cell |</main>|$)',
                               re.DOTALL)
# a display formula alone in its paragraph replaces the paragraph (a <div> cannot stand in a <p>)
NOTEBOOK_MATH = re.compile(r"<p>\s*\$\$(?P<alone>.+?)\$\$\s*</p>|\$\$(?P<block>.+?)\$\$"
                           r"|(?<![\\$])\$(?P<inline>(?:[^$\n]|\n(?!\s*\n))+?)(?<!\\)\$", re.DOTALL)
PRE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.DOTALL)

ENVIRONMENTS = {name.lstrip("\\") for name in commands.MATRICES if name}
# aligned (amsmath's inner form) is what writers reach for; latex2mathml knows it as align*
ALIASED = {r"\begin{aligned}": r"\begin{align*}", r"\end{aligned}": r"\end{align*}"}
ALIASES = re.compile("|".join(re.escape(name) for name in ALIASED))
BEGIN = re.compile(r"\\begin\{([^}]*)\}")
# MathML elements and the number of children each must have
ARITY = {"mfrac": 2, "msup": 2, "msub": 2, "msubsup": 3, "mroot": 2, "munder": 2, "mover": 2, "munderover": 3}
MATHML = "{http://www.w3.org/1998/Math/MathML}"


ROOT = Path(__file__).resolve().parent.parent  # page files are named relative to the project


class FormulaError(ValueError):
    pass


def check_braces(latex: str) -> None:
    depth = 0
    for token in re.finditer(r"\\.|[{}]", latex, re.DOTALL):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            if depth < 0:
                raise FormulaError("a '}' closes no '{'")
    if depth:
        raise FormulaError(f"{depth} '{{' not closed")


@lru_cache(maxsize=None)
def mathml(latex: str, display: str) -> str:
    """The MathML of one formula; FormulaError says why it does not parse."""
    latex = ALIASES.sub(lambda m: ALIASED[m.group()], latex)
    check_braces(latex)
    for environment in BEGIN.findall(latex):
        if environment not in ENVIRONMENTS:
            raise FormulaError(f"unknown environment '{environment}' (known: {', '.join(sorted(ENVIRONMENTS))})")
    try:
        result = convert(latex, display=display)
    except Exception as error:  # latex2mathml's own errors name only the exception class
        raise FormulaError(f"{type(error).__name__} {error}".strip()) from None
    if "<mi>&</mi>" in result:
        raise FormulaError("'&' outside an environment that aligns columns (align, cases, a matrix)")
    try:
        tree = ElementTree.fromstring(result)
    except ElementTree.ParseError as error:
        raise FormulaError(f"it converts to malformed MathML ({error})") from None
    for element in tree.iter():
        text = (element.text or "").strip()
        if text.startswith("\\") and len(text) > 1:
            raise FormulaError(f"unknown command '{text}'")
        wanted = ARITY.get(element.tag.removeprefix(MATHML))
        if wanted and len(element) != wanted:
            raise FormulaError(f"<{element.tag.removeprefix(MATHML)}> needs {wanted} arguments, got {len(element)}")
    # the source as alt text: screen readers without MathML, and a copy of the LaTeX
    return result.replace("<math ", f'<math alttext="{html.escape(" ".join(latex.split()))}" ', 1)


def render(latex: str, display: str, page) -> str:
    try:
        element = mathml(latex, display)
    except FormulaError as error:
        shown = " ".join(latex.split())
        raise PluginError(f"{source_line(page, latex)}: formula does not parse: ${shown}$: {error}") from None
    return f'<div class="math-display">{element}</div>' if display == "block" else element


def source_line(page, latex: str) -> str:
    """`docs/zh/….md:N`, the line of the page's source where the formula starts."""
    path = Path(page.file.abs_src_path)
    try:
        source = path.read_text(encoding="utf-8")
        name = Path(os.path.relpath(path, ROOT)).as_posix()
    except OSError:
        return page.file.src_uri
    first = next((line.strip() for line in latex.splitlines() if line.strip()), latex)
    at = source.find(first)
    if at < 0 and page.file.src_uri.endswith(".ipynb"):
        at = source.find(first.replace("\\", "\\\\"))  # inside the notebook's JSON strings
    return f"{name}:{source.count(chr(10), 0, at) + 1}" if at >= 0 else name


def on_page_content(output, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        return NOTEBOOK_MARKDOWN.sub(lambda cell: cell.group(1) + notebook_cell(cell.group(2), page), output)
    return ARITHMATEX.sub(lambda m: render(html.unescape(m.group("inline") if m.group("inline") is not None
                                                         else m.group("block")),
                                           "inline" if m.group("inline") is not None else "block", page), output)


def notebook_cell(cell_html: str, page) -> str:
    parts = PRE.split(cell_html)  # code inside a markdown cell keeps its dollars
    for i in range(0, len(parts), 2):
        parts[i] = NOTEBOOK_MATH.sub(lambda m: notebook_formula(m, page), parts[i])
    return "".join(parts)


def notebook_formula(match: re.Match, page) -> str:
    if match.group("inline") is not None:
        return render(html.unescape(match.group("inline")), "inline", page)
    return render(html.unescape(match.group("alone") or match.group("block")), "block", page)
