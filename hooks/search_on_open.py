"""material fetches the search index when the reader opens the search, not as every page starts.

Served over HTTP, material requests `search/search_index.json` as soon as a page starts (0.8 MB,
230 kB compressed, for the Chinese pages), parses it on the main thread and posts it to its search
worker, whether or not the reader searches. Two places in its bundle ask for it:
- the search, which waits for the search to open only on a page opened from a file: its signal
  `of(location.protocol!=="file:")` becomes `of(false)` here, so the request follows the search
  toggle, which the search button, a click in the search field and the keyboard shortcut all open;
- the highlighting of the searched words on the page a result leads to (`search.highlight`), which
  subscribes to the index on every page: here only on a page whose address has the words (`?h=`).
  Without `navigation.instant` the address is fixed once the page starts.
Until the index arrives the search shows material's "initializing" line, and what the reader has
typed by then is searched once it is ready.
Measured in headless chromium, phone viewport, median of 12 interleaved loads: main-thread task time
basics/two_layer_net 591 -> 523 ms (script 121 -> 90 ms), practice/migration 637 -> 581 ms.
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from material_assets import BUNDLE, rewrite_material_files

# material 9.8: `L($(location.protocol!=="file:"),Je("search"))`, merge(of(...), watchToggle("search"))
SEARCH_AT_START = re.compile(r'(?P<of>[\w$]+)\(location\.protocol!=="file:"\)(?=,[\w$]+\("search"\))')
# `V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y`
HIGHLIGHT_AT_START = re.compile(r'(?P<feature>[\w$]+\("search\.highlight"\))\?(?=[\w$]+\([\w$]+,\{index\$:)')
ONLY_WITH_WORDS = '&&new URLSearchParams(location.search).has("h")'
CHANGES = {
    SEARCH_AT_START: (lambda m: f"{m['of']}(!1)", "starts loading the search index on a web server"),
    HIGHLIGHT_AT_START: (lambda m: f"{m['feature']}{ONLY_WITH_WORDS}?", "subscribes the highlighting to the search index"),
}


def load_on_open(js: str, bundle: Path) -> str:
    if ONLY_WITH_WORDS in js:  # i18n's second build
        return js
    for code, (replacement, what) in CHANGES.items():
        found = len(code.findall(js))
        if found != 1:
            raise PluginError(f"hooks/search_on_open.py: {bundle} {what} {found} times, not once: "
                              "has mkdocs-material changed when it loads the search index?")
        js = code.sub(replacement, js)
    return js


def on_post_build(config):
    rewrite_material_files(config, "search_on_open", BUNDLE, "script", load_on_open)
