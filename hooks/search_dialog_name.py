"""Gives material's search dialog an accessible name.

material renders `<div class="md-search" role="dialog">` without a name (Lighthouse: aria-dialog-name);
screen readers then announce an anonymous dialog. It gets the search box's own label, which
material has already translated into the page's language.
"""

import re

SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]+)"')
UNNAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    label = SEARCH_LABEL.search(output)
    if not label:
        return output
    return output.replace(UNNAMED_DIALOG, UNNAMED_DIALOG[:-1] + f' aria-label="{label.group(1)}">', 1)
