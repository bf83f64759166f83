"""Page dates from git (mkdocs-git-revision-date-localized-plugin), localized, with a fallback.

Built on a two-page fixture site with the plugin configured exactly as in mkdocs.yml: from full
history, from a shallow clone and from a tarball (no .git), the last two saying so on the console.
"""

import os
import shutil
import subprocess

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tests.pages import ROOT
from tests.site_build import build_site

PLUGIN = "git-revision-date-localized"
COMMITTED = "2020-01-02T03:04:05+00:00"
PAGE = "# {title}\n\nLast updated: {{{{ git_revision_date_localized }}}}\n"


def plugin_settings() -> dict:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    return next(entry[PLUGIN] for entry in config["plugins"] if isinstance(entry, dict) and PLUGIN in entry)


def fixture_site(folder):
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("---\nlocale: zh\n---\n" + PAGE.format(title="首页"), encoding="utf-8")
    (folder / "docs" / "en.md").write_text("---\nlocale: en\n---\n" + PAGE.format(title="English"), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "dates fixture", "theme": "mkdocs",
        "plugins": [{PLUGIN: plugin_settings()}], "hooks": [str(ROOT / "hooks" / "page_dates.py")],
    }), encoding="utf-8")
    return folder


def git(folder, *args):
    environment = dict(os.environ, GIT_AUTHOR_DATE=COMMITTED, GIT_COMMITTER_DATE=COMMITTED,
                       GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                       GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", *args], cwd=folder, env=environment, check=True, capture_output=True)


def built(folder, tmp_path):
    result = build_site(tmp_path / "site", folder / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    pages = {name: (tmp_path / "site" / name / "index.html").read_text(encoding="utf-8") for name in ("", "en")}
    return pages, result.stderr


@pytest.fixture
def repository(tmp_path):
    folder = fixture_site(tmp_path / "repository")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "pages")
    return folder


def test_dates_come_from_git_in_each_language(repository, tmp_path):
    pages, log = built(repository, tmp_path)
    assert "2020年1月2日" in pages[""] and "January 2, 2020" in pages["en"]
    assert "Page dates:" not in log


def test_a_shallow_clone_builds_and_says_its_dates_may_be_too_new(repository, tmp_path):
    git(repository, "commit", "-q", "--allow-empty", "-m", "later")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository}", "shallow")
    pages, log = built(tmp_path / "shallow", tmp_path)
    assert "this is a shallow clone" in log
    assert "January 2, 2020" in pages["en"]


def test_a_tarball_builds_with_the_build_date_and_says_so(repository, tmp_path):
    tarball = tmp_path / "tarball"
    shutil.copytree(repository, tarball, ignore=shutil.ignore_patterns(".git"))
    pages, log = built(tarball, tmp_path)
    assert "no git history here" in log
    assert "January 2, 2020" not in pages["en"] and "git-revision-date-localized-plugin-date" in pages["en"]
