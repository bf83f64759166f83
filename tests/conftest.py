"""The built site, shared by the site, link, page-quality and browser tests: built once per session.

Under xdist these tests are separate work units spread over the workers (tests/parallel.py); the
first worker to ask builds the site into the session's shared temporary folder, under a lock, and
the others wait for it and read the same files.
"""

import pytest

from tests.provenance import locked
from tests.site_build import build_site

BUILT = ".built"
FAILED = ".build-failed"


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # xdist: each worker's base folder lies in the session's
    site_dir = root / "site"
    with locked(site_dir):
        if not (site_dir / BUILT).exists() and not (root / FAILED).exists():
            result = build_site(site_dir)
            problem = (f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}" if result.returncode
                       else result.stderr if "WARNING" in result.stderr else "")
            if problem:  # the workers that wait report the same failure instead of building again
                (root / FAILED).write_text(problem, encoding="utf-8")
            else:
                (site_dir / BUILT).touch()
    assert not (root / FAILED).exists(), (root / FAILED).read_text(encoding="utf-8")
    return site_dir
