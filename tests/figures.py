"""Figures are made by the tested code and committed; a test fails when they drift apart.

A page's code writes `figures/<name>` into its working directory; the committed copy lives at
`docs/assets/figures/<section>/<page>/<name>`. `UPDATE_FIGURES=1` (`make figures`) rewrites it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.pages import DOCS, LANGUAGES, relative

FIGURES = DOCS / "assets" / "figures"


def committed_folder(page: Path) -> Path:
    """docs/<lang>/basics/two_layer_net.md -> docs/assets/figures/basics/two_layer_net"""
    inside_language = Path(page).resolve().relative_to(DOCS.resolve())
    assert inside_language.parts[0] in LANGUAGES, inside_language
    return FIGURES / Path(*inside_language.parts[1:]).with_suffix("")


def check_page_figures(example) -> str:
    made_folder = Path("figures")  # relative to the page's working directory
    made = {p.name: p for p in sorted(made_folder.iterdir())} if made_folder.is_dir() else {}
    try:
        committed_dir = committed_folder(Path(example.path))
    except ValueError:  # a page outside docs/ (test fixtures) has no committed figures
        return ""
    committed = {p.name: p for p in sorted(committed_dir.iterdir())} if committed_dir.is_dir() else {}
    if os.environ.get("UPDATE_FIGURES") == "1":
        for name in committed.keys() - made.keys():
            committed[name].unlink()
        for name, path in made.items():
            committed_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, committed_dir / name)
        return ""
    problems = []
    for name in sorted(made.keys() | committed.keys()):
        target = relative(committed_dir / name)
        if name not in committed:
            problems.append(f"{target} is made by the code but not committed")
        elif name not in made:
            problems.append(f"{target} is committed but the code no longer makes it")
        elif made[name].read_bytes() != committed[name].read_bytes():
            problems.append(f"{target} differs from what the code makes now")
    if problems:
        return "\n".join(problems) + "\nRun `make figures` to regenerate the committed figures, then review them."
    return ""
