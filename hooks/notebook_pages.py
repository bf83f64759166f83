"""The generated notebooks (tests/notebooks.py) as pages of the site.

mkdocs-jupyter marks .ipynb files as pages, but mkdocs-static-i18n then re-creates every file as
a plain one, so each notebook was copied as raw JSON to …/index.html while `--strict` stayed
green. Running after i18n, this hook marks them as pages again, and mkdocs-jupyter renders them.
"""

import re
from pathlib import Path

from mkdocs.plugins import event_priority


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


# mkdocs-jupyter inlines its JupyterLab stylesheet (~570 kB) into every notebook page. Served once
# as a file instead, browsers cache it across notebook pages and each page is a third the size.
INLINE_STYLE = re.compile(r'<style type="text/css">(?P<css>.{100000,}?)</style>', re.DOTALL)
SHARED_STYLESHEET = "assets/stylesheets/notebook.css"


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    match = INLINE_STYLE.search(output)
    if not match:
        return output
    target = Path(config.site_dir) / SHARED_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(match.group("css"), encoding="utf-8")  # the same for every notebook page
    depth = page.url.count("/")  # page URLs end in "/": one "../" per folder back to the root
    href = "../" * depth + SHARED_STYLESHEET
    return output[: match.start()] + f'<link rel="stylesheet" href="{href}">' + output[match.end():]
