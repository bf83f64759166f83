"""Build speed: work whose result depends only on its input is done once per input.

Three costs of a build are repeated work (profiled: a warm build went from ~20 s to under 8 s):

1. Notebook pages. mkdocs-jupyter builds a new nbconvert exporter for every notebook, and each
   compiles its jinja templates again (DESIGN trap 16). Its own cache cannot help: i18n builds each
   language in turn and the plugin evicts, after each, the entries the other language used. Here
   the exporters are shared (one per distinct set of settings) and the rendered HTML and Markdown
   of a notebook are kept by a hash of its bytes, the settings and the versions of mkdocs-jupyter
   and nbconvert, in memory (a `make serve` rebuild re-renders only changed notebooks) and in
   .cache/build/ (the next build starts warm).
2. Code highlighting. Both languages show exactly the same code blocks and Pygments formats each
   from scratch; pymdownx's `Highlight.highlight` depends only on its arguments and settings, so an
   identical block reuses the HTML made the first time, in this build or an earlier one (blocks
   with a title use the page's stash: not kept).
3. The search index. material parses every page's HTML again and segments its Chinese with jieba;
   the entries of a page depend only on its HTML, URL, title, table of contents and the search
   settings, so they are kept by a hash of those.
4. The notebook pages' stylesheet (hooks/notebook_pages.py): JupyterLab's 570 kB of CSS parsed and
   cut to the classes the pages use, once per language build (~0.4 s each); kept by a hash of the
   CSS and the classes.
5. Theme templates. Each language's build compiles material's ~50 jinja templates again (~0.6 s);
   jinja's own bytecode cache keeps them compiled, by template and source checksum, in .cache/jinja/.
6. Page dates. mkdocs-git-revision-date-localized keeps a git handle per folder of pages and asks
   every one of them, for each page's last commit, which tag points at it: 612 `git tag` calls
   (1.3 s) for one repository. Here each repository is asked once per commit.

A changed input has another hash, so nothing stale is served; entries unused for two weeks are
removed at startup, and `rm -rf .cache` clears the store.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from importlib.metadata import version
from pathlib import Path

import used_css
from git.exc import GitCommandError
from jinja2 import FileSystemBytecodeCache
from material.plugins.search.plugin import SearchIndex
from mkdocs_git_revision_date_localized_plugin.util import Util as PageDates
from mkdocs_jupyter import convert, nbconvert2
from pymdownx.highlight import Highlight

STORE = Path(__file__).resolve().parent.parent / ".cache" / "build"
TEMPLATES = STORE.parent / "jinja"
VERSIONS = (f"mkdocs-jupyter {version('mkdocs-jupyter')}, nbconvert {version('nbconvert')}, "
            f"mkdocs-material {version('mkdocs-material')}, jieba {version('jieba')}, store 1")
KEPT_DAYS = 14
_memory: dict[str, object] = {}


def _stored(kind: str, key_text: bytes, make):
    """`make()`'s result (JSON-able), kept under the hash of key_text in memory and on disk."""
    key = f"{kind}-{hashlib.sha256(key_text + VERSIONS.encode()).hexdigest()}"
    if key in _memory:
        return _memory[key]
    stored = STORE / f"{key}.json"
    try:
        _memory[key] = json.loads(stored.read_text(encoding="utf-8"))
        os.utime(stored)  # in use: kept by the pruning below
        return _memory[key]
    except (OSError, ValueError):
        pass
    _memory[key] = result = make()
    try:
        STORE.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(result), encoding="utf-8")
        temporary.replace(stored)  # whole or not at all, even with two builds at once
    except OSError:
        pass  # a read-only checkout still builds, only slower
    return result


def on_startup(command, dirty):
    """Entries no build has used for two weeks (pages since changed) are removed. Under `mkdocs serve`
    jieba loads its dictionary now (~1 s), once for the process, instead of in the first rebuild
    after an edit, whose page's search entries are new: the writer's first edit shows as fast as
    the next ones. (A build with every entry stored never segments anything and skips this.)"""
    if command == "serve":
        import jieba

        jieba.initialize()
    cutoff = time.time() - KEPT_DAYS * 86400
    for stored in STORE.glob("*.json") if STORE.is_dir() else ():
        try:
            if stored.stat().st_mtime < cutoff:
                stored.unlink()
        except OSError:
            pass


# 1. notebook pages ---------------------------------------------------------------------------

def _setting(value) -> str:
    """A stable description of an exporter argument: functions by name, not by address."""
    if isinstance(value, dict):
        return repr({name: _setting(item) for name, item in value.items()})
    if isinstance(value, (list, tuple)):
        return repr([_setting(item) for item in value])
    return getattr(value, "__qualname__", None) or repr(value)


def _shared_exporter(exporter_class):
    exporters = {}

    def shared(**arguments):
        key = tuple((name, _setting(value)) for name, value in sorted(arguments.items()))
        if key not in exporters:
            exporters[key] = exporter_class(**arguments)
        return exporters[key]
    return shared


def _stored_conversion(function):
    def converted(nb_path, *args, **options):
        key = Path(nb_path).read_bytes() + f"{function.__name__} {args!r} {sorted(options.items())!r}".encode()
        return _stored("notebook", key, lambda: function(nb_path, *args, **options))
    converted.wrapped = function
    return converted


# 2. code highlighting ------------------------------------------------------------------------

def _reused_highlight(highlight):
    def reused(self, src, language, *args, **kwargs):
        if kwargs.get("title") is not None or kwargs.get("inline") or self.auto_title or args[1:]:
            return highlight(self, src, language, *args, **kwargs)
        settings = tuple((name, repr(value)) for name, value in sorted(vars(self).items()) if name != "md")
        key = repr((settings, src, language, args, tuple(sorted((k, repr(v)) for k, v in kwargs.items()))))
        return _stored("highlight", key.encode(), lambda: highlight(self, src, language, *args, **kwargs))
    reused.wrapped = highlight
    return reused


# 3. search index -----------------------------------------------------------------------------

def _toc(items) -> list:
    return [(item.id, item.url, item.title, _toc(item.children)) for item in items]


def _stored_entries(add_entry):
    def add(self, page):
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        key = json.dumps([page.content, page.url, str(page.title), _toc(page.toc), repr(page.meta.get("title")),
                          repr(page.meta.get("tags")), repr(search), repr(sorted(self.config.items()))],
                         default=str).encode()

        def entries():
            scratch = copy.copy(self)
            scratch.entries = []
            add_entry(scratch, page)
            return scratch.entries
        self.entries.extend(copy.deepcopy(_stored("search", key, entries)))
    add.wrapped = add_entry
    return add


# 4. notebook stylesheet -----------------------------------------------------------------------

def _stored_cut(cut):
    def stored(css, classes):
        return _stored("notebook-css", css.encode() + repr(sorted(classes)).encode(), lambda: cut(css, classes))
    stored.wrapped = cut
    return stored


# 5. theme templates ---------------------------------------------------------------------------

def on_env(env, config, files):
    try:
        TEMPLATES.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # a read-only checkout compiles them, as without this hook
    env.bytecode_cache = FileSystemBytecodeCache(str(TEMPLATES))
    return env


# 6. page dates -------------------------------------------------------------------------------

def _tag_of_commit(self, commit_hash: str) -> str:
    """The plugin's lookup (the first tag pointing at the commit), asking each repository once
    rather than once for each folder of pages in it."""
    repositories = {git.working_dir: git for git in self.repo_cache.values()}
    for git in repositories.values():
        try:
            tags = git.tag("--points-at", commit_hash, format="%(refname:short)")
        except GitCommandError:
            continue
        if tags:
            return tags.split("\n")[0]
    return ""


if not hasattr(convert.nb2html, "wrapped"):  # mkdocs serve loads the hooks again on each rebuild
    nbconvert2.HTMLExporter = _shared_exporter(nbconvert2.HTMLExporter)
    nbconvert2.MarkdownExporter = _shared_exporter(nbconvert2.MarkdownExporter)
    convert.nb2html = _stored_conversion(convert.nb2html)
    convert.nb2md = _stored_conversion(convert.nb2md)
    Highlight.highlight = _reused_highlight(Highlight.highlight)
    SearchIndex.add_entry_from_context = _stored_entries(SearchIndex.add_entry_from_context)
    used_css.rules_that_can_match = _stored_cut(used_css.rules_that_can_match)
    PageDates._lookup_tag_name_for_commit = _tag_of_commit
