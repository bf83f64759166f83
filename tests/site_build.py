"""Builds the site the way `make build` does, and finds its pages, for the checks that look at the result."""

import importlib.util
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

from tests.pages import DEFAULT_LANGUAGE, LANGUAGES, ROOT, pages


# The browser the browser tests and `make audit` drive: Debian's chromium (the Makefile exports
# CHROMIUM), started so that it makes no request of its own to the outside.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", **variables: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`; `variables` set (or, given None, unset) environment variables for it."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # material's end-of-life notice
    for name, value in variables.items():
        environment.pop(name, None)
        if value is not None:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )


@contextmanager
def freshly_built_site():
    """For the scripts (make links, make audit): the site built into a temporary folder.
    A failed build ends the script with mkdocs' own output."""
    with tempfile.TemporaryDirectory() as directory:
        site = Path(directory)
        result = build_site(site)
        if result.returncode != 0:
            sys.exit(f"{result.stdout}\n{result.stderr}")
        yield site


def hook_module(name: str):
    """A hook of hooks/ loaded from its file, as mkdocs loads it: the folder is no package, and its
    modules import each other with the folder on sys.path while the hook loads."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    saved_path = sys.path.copy()
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved_path
    return module


def built_material_file(site_dir: Path, path: str, text: str):
    """A file of material's under site_dir/assets/ with `text`, and the config a post-build hook
    gets: what the hooks that rewrite material's built files are tested on."""
    built = site_dir / "assets" / path
    built.parent.mkdir(parents=True)
    built.write_text(text, encoding="utf-8")
    return built, SimpleNamespace(site_dir=str(site_dir))


def page_url(language: str, page: str) -> str:
    """The URL path of a page relative to the site root: `en/basics/tensors/`, `` for the zh home."""
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    stem = page.removesuffix(".md")
    return prefix + ("" if stem == "index" else stem.removesuffix("/index") + "/")


def html_file(site: Path, language: str, page: str) -> Path:
    return site / page_url(language, page) / "index.html"


def built_pages(site: Path):
    """(language, page, built HTML file) of every page of both languages."""
    for language in LANGUAGES:
        for page in pages(language):
            yield language, page, html_file(site, language, page)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict]]:
    """(tag, attributes) of every start tag of a built HTML file (parsed once per version of it:
    several tests read the same pages, a notebook page takes ~50 ms)."""
    return _parsed_tags(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=512)
def _parsed_tags(path: Path, _version: int) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags
