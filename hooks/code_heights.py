"""Each code block carries its number of lines, so a block the browser skips keeps its real height.

extra.css lets the browser skip styling and laying out code blocks that are off screen
(`content-visibility: auto`): on a notebook page that was most of the work of loading it, since
material's palette script makes the browser style every element again five times. A skipped block
takes the height extra.css computes from these numbers; guessed instead, the page shifted when a
block on the first screen was drawn (Lighthouse: layout shift) and jumped while scrolling.
tests/test_browser.py checks that every block's computed height is its real one.
"""

import re

# A fenced block as pymdownx.highlight writes it, before material's script adds its buttons.
PAGE_BLOCK = re.compile(r'(?P<opening><div class="language-[\w-]+ highlight")(?P<rest>><pre><span></span><code>(?P<code>.*?)</code></pre>)',
                        re.DOTALL)
# A notebook's code cell: mkdocs-jupyter writes two nested <div>s (the inner has the id); the outer
# one is sized. The bar with a cell's tags ("setup") sits above the code.
NOTEBOOK_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell jp-Notebook-cell [^"]*"(?=>\s*<div class="jp-Cell jp-CodeCell)')
CELL_CODE = re.compile(r'<div class="highlight-ipynb[^"]*"><pre>(?P<code>.*?)</pre>', re.DOTALL)
TAG_BAR = 'class="celltoolbar"'


def line_count(code: str) -> int:
    return code.rstrip("\n").count("\n") + 1


def with_page_block_lines(html: str) -> str:
    return PAGE_BLOCK.sub(lambda block: f'{block["opening"]} style="--code-lines: {line_count(block["code"])}"{block["rest"]}', html)


def with_notebook_cell_lines(html: str) -> str:
    parts = NOTEBOOK_CELL.split(html)
    sized = [parts[0]]
    for opening, cell in zip(NOTEBOOK_CELL.findall(html), parts[1:]):
        code = CELL_CODE.search(cell)
        if code is None:  # not laid out as measured: left at the stylesheet's default height
            sized.append(opening + cell)
            continue
        tag_bars = int(TAG_BAR in cell[: code.start()])
        sized.append(f'{opening} style="--code-lines: {line_count(code.group("code"))}; --tag-bars: {tag_bars}"{cell}')
    return "".join(sized)


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        return with_notebook_cell_lines(html)
    return with_page_block_lines(html)
