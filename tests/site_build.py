"""Builds the site the way `make build` does, for the checks that look at the result."""

import os
import subprocess
import sys
from pathlib import Path

from tests.pages import ROOT


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # material's end-of-life notice
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )
