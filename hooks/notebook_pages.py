"""The generated notebooks (tests/notebooks.py) as pages of the site.

mkdocs-jupyter marks .ipynb files as pages, but mkdocs-static-i18n then re-creates every file as
a plain one, so each notebook was copied as raw JSON to …/index.html while `--strict` stayed
green. Running after i18n, this hook marks them as pages again, and mkdocs-jupyter renders them.
"""

import re
from pathlib import Path

from mkdocs.plugins import event_priority
import used_css


def is_page() -> bool:
    return True


@event_priority(-110)  # i18n re-creates the files at -100
def on_files(files, config):
    for file in files:
        if file.src_uri.endswith(".ipynb"):
            file.is_documentation_page = is_page
    return files


# A heading as mkdocs-jupyter renders it: its id is derived from the text, empty for Chinese
# (DESIGN trap 4). The generator put the page's own id in an empty anchor inside it.
HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<title>.*?)\s*<a id="(?P<id>[^"]+)"></a>(?P<rest>.*?)</h(?P=level)>',
                     re.DOTALL)
ANCHOR_LINK = re.compile(r'(<a class="anchor-link" href=")#[^"]*(")')


# A notebook shows its figures from GitHub, so they display in Colab (tests/notebooks.py); its page
# on the site shows the site's own copy, so the site still loads nothing from another host.
RAW_FIGURE = re.compile(r'(<img\b[^>]*?\bsrc=")https://raw\.githubusercontent\.com/[^/"]+/[^/"]+/[^/"]+/docs/(assets/[^"]+)"')


def on_page_content(html, page, config, files):
    """Headings and the table of contents of a notebook page get the ids of the page it comes from."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = RAW_FIGURE.sub(lambda m: f'{m.group(1)}{"../" * page.url.count("/")}{m.group(2)}"', html)
    page.meta.setdefault("search", {})["exclude"] = True  # its page is already in the search index
    ids = [match.group("id") for match in HEADING.finditer(html)]
    for item, heading_id in zip(toc_items(page.toc), ids):  # both list the headings in order
        item.id = heading_id
    return HEADING.sub(heading_with_page_id, html)


def heading_with_page_id(heading: re.Match) -> str:
    level, heading_id = heading.group("level"), heading.group("id")
    rest = ANCHOR_LINK.sub(rf"\g<1>#{heading_id}\g<2>", heading.group("rest"))
    return f'<h{level} id="{heading_id}">{heading.group("title")}{rest}</h{level}>'


def toc_items(items):
    for item in items:
        yield item
        yield from toc_items(item.children)


# mkdocs-jupyter inlines its JupyterLab stylesheets (~570 kB) into every notebook page. Served once
# as a file instead, browsers cache it across notebook pages and each page is a third the size; and
# cut down to the rules that can match a notebook page (hooks/used_css.py): 86 → 7 kB compressed.
INLINE_STYLES = re.compile(r'<style type="text/css">(?P<css>.{100000,}?)</style>', re.DOTALL)
STYLE_BOUNDARY = re.compile(r'</style>\s*<style type="text/css">')  # the blocks the match spans
# JupyterLab's copy of the Material Design palette (254 custom properties, `--md-red-50` …) on the
# notebook's wrapper. Left out: the syntax colours JupyterLab derives from it fail WCAG contrast on
# the code background (4.17:1, Lighthouse), every element inherits the properties (style time +35 %),
# and the notebook pages keep the look they had, uncoloured code like a printed notebook.
MATERIAL_PALETTE = re.compile(r'@charset "UTF-8";\.jupyter-wrapper\{(?:--[\w-]+:[^;{}]*;?)+\}')
SHARED_STYLESHEET = "assets/stylesheets/notebook.css"
stylesheet = {"css": None, "classes": set()}  # what this build's notebook pages had inline, and use


# Scripts mkdocs-jupyter adds to every notebook page for what these notebooks do not have: MathJax
# (its loader has an empty src; formulas are MathML made at build time, hooks/formulas.py) and
# mermaid diagrams (11 kB of module that would import mermaid from cdnjs if a page had one).
UNUSED_SCRIPTS = re.compile(r'<script type="text/x-mathjax-config">.*?</script>|<script src="">\s*</script>'
                            r'|<script type="module">(?:(?!</script>).)*?\.jp-Mermaid.*?</script>\s*<style>.*?</style>',
                            re.DOTALL)


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = UNUSED_SCRIPTS.sub("", output)
    match = INLINE_STYLES.search(output)
    if not match:
        return output
    if stylesheet["css"] is None:  # the same for every notebook page: cleaned once per build
        stylesheet["css"] = MATERIAL_PALETTE.sub("", STYLE_BOUNDARY.sub("\n", match.group("css")), count=1)
    stylesheet["classes"] |= used_css.classes_in(output)
    depth = page.url.count("/")  # page URLs end in "/": one "../" per folder back to the root
    href = "../" * depth + SHARED_STYLESHEET
    return output[: match.start()] + f'<link rel="stylesheet" href="{href}">' + output[match.end():]


def on_post_build(config):
    """Once every page is written (i18n builds the other language inside this build, sharing this
    module, so the classes of both languages are in)."""
    if stylesheet["css"] is None:
        return
    target = Path(config.site_dir) / SHARED_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(used_css.rules_that_can_match(stylesheet["css"], stylesheet["classes"]), encoding="utf-8")
