"""material's script updates the page's <meta name="color-scheme"> instead of adding a new one.

When material starts on a page it appends an empty <meta name="color-scheme"> to <head> and then
writes the header's `color-scheme` into it. Chromium restyles every element of the page each time
such an element is added or its content set, changed or not (StyleEngine::SetPageColorSchemes): two
full restyles, ~3400 elements each on a notebook page, inside material's start-up task. Here the
script takes the element overrides/main.html puts in <head> with the first palette's value ("light"
for material's default scheme) and writes only a different value, so a page in that palette is
restyled for neither; in the reader's other palette, once. Without the <head> element (another
template) the script adds one as before. With overrides/main.html's classes for <html>, material
starts without restyling every element (three times before); Lighthouse at 4x, interleaved against the
site without both, median of 6 runs: notebooks/practice/migration 88 -> 90.5 (blocking 473 -> 395
ms), notebooks/basics/two_layer_net 93 -> 97.5 (320 -> 174 ms), en/notebooks/practice/migration 94.5
-> 97.5 (263 -> 174 ms), notebooks/practice/tips 96.5 -> 97.5, notebooks/nn/parameters 98 -> 97.5
(noise).
"""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from material_assets import BUNDLE, rewrite_material_files

# material's minified bundle: `let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);`
# and later `o.content=a.colorScheme`; the names are the minifier's, so they are matched, not typed
ADDS_META = re.compile(r'let (?P<meta>\w+)=(?P<create>\w+)\("meta",\{name:"color-scheme"\}\);document\.head\.appendChild\((?P=meta)\);')
OURS = 'document.querySelector(\'meta[name="color-scheme"]\')||'


def reuse_meta(js: str, bundle: Path) -> str:
    if OURS in js:  # i18n's second build finds the bundle already changed
        return js
    found = list(ADDS_META.finditer(js))
    if len(found) != 1:
        raise PluginError(f"hooks/color_scheme_meta.py: {bundle} adds <meta name=\"color-scheme\"> {len(found)} times, "
                          "not once: has mkdocs-material changed how it sets the color scheme?")
    meta, create = found[0]["meta"], found[0]["create"]
    writes = re.compile(rf"\b{meta}\.content=(?P<style>\w+)\.colorScheme")
    if len(writes.findall(js)) != 1:
        raise PluginError(f"hooks/color_scheme_meta.py: {bundle} does not write {meta}.content=….colorScheme once: "
                          "has mkdocs-material changed how it sets the color scheme?")
    js = js.replace(found[0][0], f'let {meta}={OURS}document.head.appendChild({create}("meta",{{name:"color-scheme"}}));')
    return writes.sub(lambda m: f"{meta}.content!=={m['style']}.colorScheme&&({meta}.content={m['style']}.colorScheme)", js)


def on_post_build(config):
    rewrite_material_files(config, "color_scheme_meta", BUNDLE, "script", reuse_meta)
