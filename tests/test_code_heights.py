"""The line counts each code block carries for its height off screen (hooks/code_heights.py); the
browser tour (tests/test_browser.py) checks the heights they give on every page."""

from tests.site_build import hook_module

code_heights = hook_module("code_heights")


def test_a_page_block_carries_its_lines_not_counting_the_last_newline():
    html = '<div class="language-python highlight"><pre><span></span><code>a = 1\nb = 2\n</code></pre></div>'
    assert code_heights.with_page_block_lines(html) == html.replace(
        'class="language-python highlight"', 'class="language-python highlight" style="--code-lines: 2"')


def cell(classes: str, inner: str) -> str:
    return (f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell {classes}">\n'
            f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell {classes}" id="cell-id=x">{inner}</div></div>')


def test_a_notebook_cell_carries_its_lines_and_its_tag_bar_on_the_outer_div():
    tagged = cell("celltag_setup", '<div class="celltoolbar"></div><div class="highlight-ipynb hl-python"><pre>x\ny\nz\n</pre>')
    plain = cell("", '<div class="highlight-ipynb hl-python"><pre>x</pre>')
    sized = code_heights.with_notebook_cell_lines(tagged + plain)
    assert sized.count('style="--code-lines: 3; --tag-bars: 1"') == 1
    assert sized.count('style="--code-lines: 1; --tag-bars: 0"') == 1
    assert sized.count("style=") == 2  # the inner <div>s, with the ids, are left alone


def test_a_cell_without_code_as_measured_is_left_as_it_is():
    html = cell("", "<p>no highlighted code</p>")
    assert code_heights.with_notebook_cell_lines(html) == html
