"""Says on the console where the pages' "last updated" dates come from, when not from full history.

mkdocs-git-revision-date-localized-plugin dates each page by its last commit. A tarball has no
history: every page then shows the build date. A shallow clone (CI's default fetch depth 1) has
only its newest commits: a page last changed before them shows the date of the oldest fetched
commit. Both still build; this says so, so nobody mistakes those dates for real ones.
The workflows fetch the full history (`fetch-depth: 0`).
"""

import logging
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.page_dates")
_said = set()


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=root,
                                 capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        shallow = None
    if shallow is None or shallow.returncode != 0:
        message = ("Page dates: no git history here (a tarball or an export), so every page shows the "
                   "build date as its last update. Build from a git clone for real dates.")
    elif shallow.stdout.strip() == "true":
        message = ("Page dates: this is a shallow clone, so a page last changed before its oldest fetched "
                   "commit shows that commit's date. `git fetch --unshallow` gives the real dates.")
    else:
        return config
    if message not in _said:  # once, not again for the second language or each serve rebuild
        _said.add(message)
        log.info(message)
    return config
