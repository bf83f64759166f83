"""Figures are made by the tested code and committed; a test fails when they drift apart.

A page's code writes `figures/<name>` into its working directory; the committed copy lives at
`docs/assets/figures/<section>/<page>/<name>`. `UPDATE_FIGURES=1` (`make figures`) rewrites it.

An SVG is compared by what it draws, not by its bytes: the same elements and text, and every
coordinate within FIGURE_TOLERANCE of the committed one. Another CPU or a GPU changes the last bits
of the plotted values, and matplotlib's ids are hashes of the drawn data, so bytes would only match
on the machine that made them. The figures stay committed so that `make serve` and notebooks opened
in Colab show them without running anything.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from tests.output_check import SVG_NUMBER, Tolerance, align_numbers
from tests.pages import DOCS, LANGUAGES, relative

# a hundredth of a point (1/7200 inch): far below what a screen or a printer shows
FIGURE_TOLERANCE = Tolerance(abs=0.01, text="abs=0.01")
SVG_ID = re.compile(r'(?<=id=")[^"]+|(?<=href="#)[^"]+|(?<=url\(#)[^)]+')

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
        elif not same_figure(committed[name], made[name]):
            problems.append(f"{target} differs from what the code makes now")
    if problems:
        return "\n".join(problems) + "\nRun `make figures` to regenerate the committed figures, then review them."
    return ""


def same_figure(committed: Path, made: Path) -> bool:
    want, got = committed.read_bytes(), made.read_bytes()
    if want == got or committed.suffix != ".svg":
        return want == got
    want, got = (renumber_ids(data.decode("utf-8")) for data in (want, got))
    return align_numbers(want, got, FIGURE_TOLERANCE, SVG_NUMBER) == want


def renumber_ids(svg: str) -> str:
    """matplotlib names clip paths and markers by a hash of their data: number them in order instead."""
    names: dict[str, str] = {}
    return SVG_ID.sub(lambda match: names.setdefault(match.group(), f"id{len(names)}"), svg)
