"""Absolute hreflang alternates.

mkdocs-static-i18n writes `<link rel="alternate" hreflang>` with relative URLs; search engines
(and Lighthouse's hreflang audit) want absolute ones, so they are resolved against the page's
URL under site_url. The visible language switcher keeps its relative links, which work on any
host and port.
"""

import re
from urllib.parse import urljoin

ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]*")')


def on_post_page(output, page, config):
    if not config.site_url:
        return output
    page_url = urljoin(config.site_url, page.url)
    return ALTERNATE.sub(lambda m: f"{m.group(1)}{urljoin(page_url, m.group(2))}{m.group(3)}", output)
