"""What search engines read from each built page: its own description and its translation."""

from tests.links import Link, site_url, target
from tests.pages import DOCS, LANGUAGES, Page
from tests.site_build import built_pages, html_file, tags


def head_tags(path, tag):
    return [attrs for name, attrs in tags(path) if name == tag]


def test_every_page_has_its_own_meta_description(site):
    problems = []
    for language, page, path in built_pages(site):
        expected = Page(DOCS / language / page).front_matter.get("description")
        found = [attrs.get("content") for attrs in head_tags(path, "meta") if attrs.get("name") == "description"]
        if found != [expected]:
            problems.append(f"{path.relative_to(site)}: <meta name=\"description\"> is {found}, "
                            f"expected the front matter's {expected!r}")
    assert not problems, "\n".join(problems)


def test_hreflang_alternates_point_to_the_same_page_in_each_language(site):
    """Both directions: zh names its en translation and en names its zh original (relative or site_url)."""
    base = site_url()
    problems = []
    for language, page, path in built_pages(site):
        alternates = {attrs.get("hreflang"): attrs.get("href") for attrs in head_tags(path, "link")
                      if attrs.get("rel") == "alternate" and attrs.get("hreflang")}
        for other in LANGUAGES:
            href = alternates.get(other)
            resolved = href and target(Link(path, "link", href), site, base)
            expected = html_file(site, other, page).resolve()
            if not resolved or resolved[0] != expected:
                problems.append(f"{path.relative_to(site)}: <link rel=\"alternate\" hreflang=\"{other}\"> "
                                f"is {href!r}, expected a link to {expected.relative_to(site.resolve())}")
    assert not problems, "\n".join(problems)
