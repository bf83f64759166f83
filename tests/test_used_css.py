"""The notebook pages' stylesheet cut down to the rules that can match (hooks/used_css.py)."""

from tests.site_build import hook_module

used_css = hook_module("used_css")


def kept(css: str, classes: set[str]) -> str:
    return used_css.rules_that_can_match(css, classes)


def test_a_rule_needing_a_class_no_page_has_goes_and_the_rest_stay():
    css = ".a .b:hover > p, .z {color: red} .q:not(.z) {x: 1} [class~=z] {y: 2} p {z: 3}"
    assert kept(css, {"a", "b", "q"}) == ".a .b:hover > p{color: red}\n.q:not(.z) {x: 1}\n[class~=z] {y: 2}\np {z: 3}"


def test_rules_inside_media_are_cut_too_and_an_empty_media_goes():
    css = "@media (max-width: 1px) {.a {c: 1} .z {d: 2}} @media print {.z {e: 3}}"
    assert kept(css, {"a"}) == "@media (max-width: 1px) {.a {c: 1}\n}"


def test_root_under_a_class_matches_nothing_and_at_rules_without_rules_stay():
    css = ".w :root {--a: 1} :root {--b: 2} @font-face {font-family: x} @keyframes k {from {x: 1}}"
    assert kept(css, {"w"}) == ":root {--b: 2}\n@font-face {font-family: x}\n@keyframes k {from {x: 1}}"


def test_the_classes_of_a_page():
    assert used_css.classes_in('<div class="jp-Cell jp-CodeCell"><span class="c1">') == {"jp-Cell", "jp-CodeCell", "c1"}
