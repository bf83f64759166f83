"""Link checker over the built HTML: internal links must resolve, external ones are only listed.

`python -m tests.links` builds the site and prints every external link with the pages it is on
(`make links`); tests/test_links.py fails on any internal link that does not resolve.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tests.pages import ROOT
from tests.site_build import freshly_built_site

# which attribute of which tag points at something the browser follows or loads
LINK_ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "script": "src"}
NOT_FETCHED_SCHEMES = ("mailto", "tel", "javascript", "data")
BOOKS = "pdf"  # the folder of the book PDFs, printed by `make pdf` after the build (tests/pdf.py)


@dataclass(frozen=True)
class Link:
    page: Path  # the HTML file it is on
    tag: str
    url: str

    def __str__(self) -> str:
        return f"<{self.tag} {LINK_ATTRIBUTES[self.tag]}=\"{self.url}\">"


class LinksAndIds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.update(attrs[name] for name in ("id", "name") if attrs.get(name) and (name == "id" or tag == "a"))
        url = attrs.get(LINK_ATTRIBUTES.get(tag, ""))
        if url is not None:
            self.urls.append((tag, url))


@cache
def parsed(path: Path) -> LinksAndIds:
    parser = LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@cache
def site_url() -> str:
    """mkdocs.yml's site_url with a trailing slash, or '' when it is not set."""
    # mkdocs' own loader: site_url comes from `!ENV [SITE_URL, default]`
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    url = config.get("site_url") or ""
    return url if not url or url.endswith("/") else url + "/"


def links(site: Path) -> list[Link]:
    return [Link(page, tag, url) for page in sorted(site.rglob("*.html")) for tag, url in parsed(page).urls]


def is_external(url: str, base: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and not (base and url.startswith(base))


def target(link: Link, site: Path, base: str) -> tuple[Path, str] | None:
    """The file an internal link points to and its fragment; None when the browser fetches nothing."""
    parts = urlsplit(link.url)
    if parts.scheme in NOT_FETCHED_SCHEMES:
        return None
    base_path = urlsplit(base).path or "/"
    if base and link.url.startswith(base):  # an absolute URL of our own site (canonical, alternates)
        path = site / unquote(link.url[len(base):].split("#")[0].split("?")[0])
    elif parts.path.startswith("/"):  # site-absolute: only right when the site is served at base_path
        if not parts.path.startswith(base_path):
            return site / "__outside_the_site__", parts.fragment
        path = site / unquote(parts.path[len(base_path):])
    else:
        path = link.page.parent / unquote(parts.path)
    if not parts.path:  # `#fragment` on the same page
        path = link.page
    elif parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path.resolve(), unquote(parts.fragment)


def broken_internal_links(site: Path) -> list[str]:
    """`page: <a href="…">: problem` for every internal link that does not resolve."""
    base = site_url()
    problems = []
    for link in links(site):
        if is_external(link.url, base):
            continue
        resolved = target(link, site, base)
        if resolved is None:
            continue
        path, fragment = resolved
        page = link.page.relative_to(site)
        if path.parent == (site / BOOKS).resolve() and path.suffix == ".pdf" and not path.exists():
            continue  # the book PDFs that `make pdf` prints into the built site (tests/pdf.py)
        if not path.is_file() or site.resolve() not in path.parents:
            problems.append(f"{page}: {link}: no such file in the built site")
        elif fragment and path.suffix == ".html" and fragment not in parsed(path).ids:
            problems.append(f"{page}: {link}: no id '{fragment}' in {path.relative_to(site.resolve())}")
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """Every external URL with the pages (relative to the site) it appears on."""
    base = site_url()
    found: dict[str, set[str]] = defaultdict(set)
    for link in links(site):
        if is_external(link.url, base):
            found[link.url].add(str(link.page.relative_to(site)))
    return {url: sorted(pages) for url, pages in sorted(found.items())}


def main() -> int:
    with freshly_built_site() as site:
        external = external_links(site)
        print(f"External links, not fetched ({len(external)}):")
        for url, pages in external.items():
            print(url)
            for page in pages:
                print(f"    {page}")
        broken = broken_internal_links(site)
        if broken:
            print(f"\nBroken internal links ({len(broken)}):", *broken, sep="\n")
        return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
