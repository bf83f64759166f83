"""The hooks that rewrite material's bundle (hooks/material_assets.py), each on a bundle of its own
and on one from a material that changed."""

import re
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from tests.site_build import built_material_file, hook_module

color_scheme_meta = hook_module("color_scheme_meta")
search_on_open = hook_module("search_on_open")
# the two statements as material 9.8's minified bundle has them, with other code around
BUNDLE = ('function li(e){let r=x("meta",{name:"theme-color"});document.head.appendChild(r);'
          'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);'
          'i.pipe(m(()=>{let s=Ce("header"),a=window.getComputedStyle(s);return o.content=a.colorScheme,a.backgroundColor}))}')
PATCHED = ('function li(e){let r=x("meta",{name:"theme-color"});document.head.appendChild(r);'
           'let o=document.querySelector(\'meta[name="color-scheme"]\')||document.head.appendChild(x("meta",{name:"color-scheme"}));'
           'i.pipe(m(()=>{let s=Ce("header"),a=window.getComputedStyle(s);'
           'return o.content!==a.colorScheme&&(o.content=a.colorScheme),a.backgroundColor}))}')


def built_bundle(tmp_path, js: str):
    return built_material_file(tmp_path, "javascripts/bundle.0123abcd.min.js", js)


def test_the_script_takes_the_head_element_and_writes_only_a_change_and_a_second_build_keeps_it(tmp_path):
    bundle, config = built_bundle(tmp_path, BUNDLE)
    for _ in range(2):  # i18n builds the other language into the same site
        color_scheme_meta.on_post_build(config)
        assert bundle.read_text(encoding="utf-8") == PATCHED


@pytest.mark.parametrize("js, what", [
    (BUNDLE.replace('{name:"color-scheme"}', '{name:"colour-scheme"}'), "adds <meta name=\"color-scheme\"> 0 times"),
    (BUNDLE.replace("o.content=a.colorScheme", "o.setAttribute('content',a.colorScheme)"), "does not write o.content"),
])
def test_a_bundle_that_sets_the_scheme_otherwise_fails_naming_it(tmp_path, js, what):
    bundle, config = built_bundle(tmp_path, js)
    with pytest.raises(PluginError, match=f"{bundle.name} {what}"):
        color_scheme_meta.on_post_build(config)


def test_no_bundle_fails_naming_the_folder(tmp_path):
    with pytest.raises(PluginError, match="no bundle.*.min.js in"):
        color_scheme_meta.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))


# how material 9.8's minified bundle starts its search, merge(of(not a file), watchToggle("search")),
# and the highlighting of the searched words
SEARCH = ('function Ei(e,t){let r=Mn(e);return L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))}'
          '...me("content").map(e=>V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y)')
SEARCH_ON_OPEN = ('function Ei(e,t){let r=Mn(e);return L($(!1),Je("search")).pipe(Re(o=>o),b(()=>t))}'
                  '...me("content").map(e=>V("search.highlight")&&new URLSearchParams(location.search).has("h")'
                  '?Ai(e,{index$:zi,location$:Kt}):y)')


def test_the_search_index_is_loaded_when_the_search_opens_and_a_second_build_keeps_it(tmp_path):
    bundle, config = built_bundle(tmp_path, SEARCH)
    for _ in range(2):
        search_on_open.on_post_build(config)
        assert bundle.read_text(encoding="utf-8") == SEARCH_ON_OPEN


@pytest.mark.parametrize("js, what", [
    (SEARCH.replace('!=="file:"', '!=="file:"&&!0'), "starts loading the search index on a web server 0 times"),
    (SEARCH.replace("L($(", "L($(location.protocol!==\"file:\"),Je(\"search\")),$("), "starts loading the search index on a web server 2 times"),
    (SEARCH.replace("?Ai(e,{index$", "?Ai(e,{words$:r,index$"), "subscribes the highlighting to the search index 0 times"),
])
def test_a_bundle_that_starts_its_search_otherwise_fails_naming_it(tmp_path, js, what):
    bundle, config = built_bundle(tmp_path, js)
    with pytest.raises(PluginError, match=re.escape(f"{bundle.name} {what}")):
        search_on_open.on_post_build(config)
