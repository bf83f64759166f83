"""`make pdf`: the whole book as one PDF per language, printed by headless chromium.

Builds the site into site/ (as `make build` does), then for each language joins the article of
every page, in nav order, into one HTML book served from the built site (its stylesheets, figures
and MathML formulas), with a table of contents that links to each page, and prints it with
Playwright's `page.pdf` in Debian's chromium: A4, page numbers in the footer, PDF bookmarks from
the headings, fonts embedded (Chinese from fonts-noto-cjk). The PDFs go to site/pdf/, where each
home page links to them.

mkdocs-print-site-plugin is not used: it has an open bug with mkdocs-static-i18n (one language's
print page only). Every page keeps its ids, prefixed per page, so links between pages become links
inside the PDF. Then each PDF is checked with poppler's pdftotext/pdffonts: every page title is in
its text, the text extracts as real characters (no replacement characters, Chinese present in the
Chinese book) and every font is embedded. Any failure ends `make pdf` with a message.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tests.pages import LANGUAGES, ROOT
from tests.site_build import CHROMIUM, CHROMIUM_ARGS, build_site, page_url
from tests.static_server import serve

SITE = ROOT / "site"
FOLDER = "pdf"
BOOK_TITLES = {"zh": "PyTorch 笔记", "en": "PyTorch Notes"}
CONTENTS = {"zh": "目录", "en": "Contents"}


def pdf_name(language: str) -> str:
    return f"pytorch-notes-{language}.pdf"


def config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def nav_pages() -> list[str]:
    """The pages of the nav, in order (docs paths inside a language folder)."""

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                yield value
    return list(walk(config()["nav"]))


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(?P<body>.*?)</article>', re.DOTALL)
TITLE = re.compile(r"<h1\b[^>]*>(?P<title>.*?)</h1>", re.DOTALL)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)"')
# what a printed book does not need: the edit/report buttons, the ¶ links, the notebook line
LEFT_OUT = [
    re.compile(r'<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r'<p class="notebook-links">.*?</p>', re.DOTALL),
]
ID = re.compile(r'\b(id|for)="([^"]+)"')
URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html { font-size: 112%; }
body { margin: 0; }
.md-typeset .highlight { content-visibility: visible; }
.md-typeset pre > code { white-space: pre-wrap; overflow-wrap: anywhere; }
.md-typeset .math-display { overflow: visible; }
.md-typeset details > summary::after { display: none; }
.book-page { break-before: page; }
.book-cover { text-align: center; padding-top: 30vh; }
.book-cover h1 { font-size: 2.4em; margin: 0; }
.book-toc { break-before: page; }
.book-toc ol { list-style: none; padding: 0; }
.book-toc li { margin: .35em 0; }
.book-toc a { text-decoration: none; }
"""


def page_anchor(index: int) -> str:
    return f"page-{index}"


def book_html(site: Path, language: str, pages: list[str], base_url: str) -> tuple[str, list[str]]:
    """The book of one language as one HTML document, and its page titles in order."""
    urls = {page_url(language, page): index for index, page in enumerate(pages)}
    first = (site / page_url(language, pages[0]) / "index.html").read_text(encoding="utf-8")
    first_url = urljoin(base_url, page_url(language, pages[0]))
    stylesheets = [urljoin(first_url, href) for href in STYLESHEET.findall(first)]
    titles, sections = [], []
    for index, page in enumerate(pages):
        url = page_url(language, page)
        text = (site / url / "index.html").read_text(encoding="utf-8")
        body = ARTICLE.search(text).group("body")
        for pattern in LEFT_OUT:
            body = pattern.sub("", body)
        title = TITLE.search(body)
        titles.append(html.unescape(re.sub(r"<[^>]+>", "", title.group("title"))).strip() if title else page)
        prefix = f"{page_anchor(index)}-"
        body = ID.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', body)
        body = URL_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{book_link(m.group(2), urljoin(base_url, url), base_url, urls, prefix)}"', body)
        body = body.replace("<details", "<details open")  # solutions and notes collapsed on the site
        sections.append(f'<section class="book-page" id="{page_anchor(index)}">{body}</section>')
    contents = "".join(f'<li><a href="#{page_anchor(i)}">{html.escape(t)}</a></li>' for i, t in enumerate(titles))
    document = f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{BOOK_TITLES[language]}</title>
{''.join(f'<link rel="stylesheet" href="{href}">' for href in stylesheets)}
<style>{PRINT_CSS}</style></head>
<body data-md-color-scheme="default"><div class="md-typeset">
<div class="book-cover"><h1>{BOOK_TITLES[language]}</h1><p>{urljoin(config()["site_url"], page_url(language, 'index.md'))}</p></div>
<nav class="book-toc"><h2>{CONTENTS[language]}</h2><ol>{contents}</ol></nav>
{''.join(sections)}
</div></body></html>"""
    return document, titles


def book_link(target: str, page_address: str, base_url: str, urls: dict[str, int], prefix: str) -> str:
    """A link or source of a page, as it works in the book: inside the book where it can."""
    if target.startswith("#"):
        return f"#{prefix}{target[1:]}" if target != "#" else target
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target  # another site (or mailto:, data:)
    address = urljoin(page_address, target)
    parts = urlsplit(address)
    if not address.startswith(base_url):
        return address
    published = urljoin(config()["site_url"], address[len(base_url):])  # outside the book: the site
    path = parts.path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path in urls:
        anchor = page_anchor(urls[path])
        return f"#{anchor}-{parts.fragment}" if parts.fragment else f"#{anchor}"
    if parts.path.endswith((".css", ".svg", ".png", ".jpg", ".js")):
        return address  # a figure or a stylesheet, loaded from the served site while printing
    return published  # a notebook, a download: on the published site


def print_books(site: Path) -> dict[str, tuple[Path, list[str]]]:
    from playwright.sync_api import sync_playwright

    pages = nav_pages()
    out = site / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    books = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for language in LANGUAGES:
            document, titles = book_html(site, language, pages, base_url)
            book_file = site / FOLDER / f"book-{language}.html"  # served, so figures load; removed after
            book_file.write_text(document, encoding="utf-8")
            tab = browser.new_page()
            tab.goto(urljoin(base_url, f"{FOLDER}/{book_file.name}"), wait_until="networkidle", timeout=120_000)
            tab.evaluate("document.fonts.ready")
            target = out / pdf_name(language)
            tab.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                    display_header_footer=True, header_template="<span></span>",
                    footer_template='<div style="font-size:8px;width:100%;text-align:center;">'
                                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
            tab.close()
            book_file.unlink()
            books[language] = (target, titles)
        browser.close()
    return books


def pdf_problems(pdf: Path, titles: list[str], language: str) -> list[str]:
    """Every page title in the text, the text real characters, every font embedded."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    problems = [f"{pdf.name}: page title {title!r} not found in its text" for title in titles
                if re.sub(r"\s+", "", title) not in flat]
    if "\ufffd" in text or re.search(r"\(cid:\d+\)", text):
        problems.append(f"{pdf.name}: text does not extract as characters (replacement characters or cid codes)")
    if language == "zh" and len(re.findall(r"[\u4e00-\u9fff]", text)) < 1000:
        problems.append(f"{pdf.name}: hardly any Chinese characters extract")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    # columns: name, type, encoding, emb, sub, uni, object number, generation
    not_embedded = [line.split()[0] for line in fonts if len(line.split()) >= 7 and line.split()[-5] == "no"]
    if not_embedded:
        problems.append(f"{pdf.name}: fonts not embedded: {not_embedded}")
    return problems


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def main() -> int:
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        if not shutil.which(tool):
            print(f"make pdf needs {tool}: sudo apt-get install poppler-utils", file=sys.stderr)
            return 1
    started = time.monotonic()
    result = build_site(SITE)
    if result.returncode != 0:
        print(f"{result.stdout}\n{result.stderr}", file=sys.stderr)
        return 1
    built = time.monotonic()
    books = print_books(SITE)
    printed = time.monotonic()
    problems = []
    for language, (pdf, titles) in books.items():
        problems += pdf_problems(pdf, titles, language)
        print(f"{pdf.relative_to(ROOT)}: {page_count(pdf)} pages, {pdf.stat().st_size / 1e6:.1f} MB, "
              f"{len(titles)} chapters")
    print(f"build {built - started:.1f} s, print and check {printed - built:.1f} s")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
