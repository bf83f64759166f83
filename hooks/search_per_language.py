"""One search index per language.

mkdocs-static-i18n merges both languages into one `search/search_index.json` (1.9 MB). material
loads it (when the reader opens the search: hooks/search_on_open.py), parses it on the main thread
and has its worker build a lunr index of all of it, and a reader's results listed the other
language's copy of the same lesson too. After the build, each other language's entries move to
`<language>/search/search_index.json`, with locations relative to `<language>/`, and that
language's pages get `<language>/` as material's `base`: where it fetches the index and resolves
the links of the results.
"""

import json
import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority

CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')


def other_languages(config) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    return [language for language in i18n.build_languages if language != i18n.default_language]


def on_post_page(output, page, config):
    language = next((lang for lang in other_languages(config) if page.url.startswith(f"{lang}/")), None)
    if language is None:
        return output
    # material's base is relative to the page: the site's root, one language folder further
    return CONFIG_BASE.sub(
        lambda m: m.group(1) + posixpath.join(m.group(2), language) + "/" + m.group(3), output, count=1)


@event_priority(-110)  # after i18n's (-100), which writes the merged index last
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:  # a language built inside the i18n build: the merged index comes later
        return
    merged_path = Path(config.site_dir) / "search" / "search_index.json"
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    for language in other_languages(config):
        prefix = f"{language}/"
        own = [dict(doc, location=doc["location"][len(prefix):])
               for doc in merged["docs"] if doc["location"].startswith(prefix)]
        merged["docs"] = [doc for doc in merged["docs"] if not doc["location"].startswith(prefix)]
        write_index(Path(config.site_dir) / language / "search" / "search_index.json", merged["config"], own)
    write_index(merged_path, merged["config"], merged["docs"])


def write_index(path: Path, search_config: dict, docs: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # UTF-8, not \uXXXX escapes: the Chinese index is 796 KiB instead of 1189 for the browser to parse
    text = json.dumps({"config": search_config, "docs": docs}, separators=(",", ":"), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
