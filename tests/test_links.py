"""Every internal link, image, stylesheet and script of the built site resolves (tests/links.py)."""

from tests.links import broken_internal_links


def test_internal_links_resolve_to_files_and_ids(site):
    broken = broken_internal_links(site)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)
