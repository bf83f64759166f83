"""A stylesheet cut down to the rules that can match a set of pages (a sibling module of the hooks).

mkdocs-jupyter's JupyterLab stylesheet is ~570 kB, 97 % of it for JupyterLab's own interface:
Lighthouse counted its download as the largest render-blocking cost of every notebook page, and
each of its rules is matched against every element. A rule is kept unless one of the classes it
requires appears in none of the pages, which it then can never match. Conservative on purpose:
classes inside `:not()`, `:is()` and other functional pseudo-classes, and in attribute selectors,
are not counted as required; element names and ids are not checked; at-rules with no rules
(`@font-face`, `@keyframes`, …) and the custom-property rules (`:root`, no class) are kept.
"""

from __future__ import annotations

import re

import tinycss2

CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')  # a whitespace, not `\b`: 5× faster on a page


def classes_in(html: str) -> set[str]:
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def rules_that_can_match(css: str, classes: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in kept(rules, classes))


def kept(rules, classes: set[str]) -> list:
    result = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in split_selectors(rule.prelude)
                         if required_classes(s) <= classes and not matches_nothing(s)]
            if selectors:
                rule.prelude = join_selectors(selectors)
                result.append(rule)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            inner = kept(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), classes)
            if inner:
                rule.content = [token for each in inner for token in (each, tinycss2.ast.WhitespaceToken(0, 0, "\n"))]
                result.append(rule)
        elif rule.type != "error":  # a rule that does not parse: the browser drops it, so can we
            result.append(rule)
    return result


def split_selectors(prelude) -> list[list]:
    """The comma-separated selectors of a rule's prelude, as token lists (commas inside `:is()` and
    other blocks are nested tokens, so only top-level ones split)."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [selector for selector in selectors if tinycss2.serialize(selector).strip()]


def join_selectors(selectors: list[list]) -> list:
    joined = []
    for index, selector in enumerate(selectors):
        if index:
            joined.append(tinycss2.ast.LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def matches_nothing(selector: list) -> bool:
    """`.jupyter-wrapper :root`: the root element is no element's descendant (mkdocs-jupyter prefixes
    every selector, JupyterLab's 80 kB of `:root` custom properties included)."""
    tokens = [token for token in selector if token.type != "whitespace"]
    return any(previous.type == "literal" and previous.value == ":" and token.type == "ident"
               and token.lower_value == "root" and index > 1 for index, (previous, token) in enumerate(zip(tokens, tokens[1:]), 1))


def required_classes(selector: list) -> set[str]:
    """`.a .b:hover > c` → {a, b}; top-level tokens only, so `:not(.x)` and `[class~=x]` require nothing."""
    return {token.value for previous, token in zip(selector, selector[1:])
            if previous.type == "literal" and previous.value == "." and token.type == "ident"}
