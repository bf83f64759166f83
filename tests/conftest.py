"""The built site, shared by the site, link, page-quality and browser tests: built once per session."""

import pytest

from tests.site_build import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir
