"""material's built files (its script, its palette stylesheet), rewritten after the build by the
hooks that change what they do.

Not a hook itself: hooks/color_scheme_meta.py, hooks/search_on_open.py and hooks/palette_switching.py
call it. The names in material's minified files are the minifier's, so each hook matches the code it
changes and fails the build, naming the file, when that code is not there as expected (a
mkdocs-material that changed). The i18n plugin builds the other language into the same site, so a
rewrite finds its own change the second time and must leave it as it is.
"""

from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError

BUNDLE = "javascripts/bundle.*.min.js"  # material's script


def rewrite_material_files(config, hook: str, pattern: str, what: str, rewrite: Callable[[str, Path], str]) -> None:
    """Replace each built `assets/<pattern>` (e.g. `javascripts/bundle.*.min.js`, material's `what`)
    with `rewrite(its text, its path)`; `hook` names the caller."""
    folder, name = (Path(config.site_dir) / "assets" / pattern).parent, Path(pattern).name
    files = sorted(folder.glob(name))
    if not files:
        raise PluginError(f"hooks/{hook}.py: no {name} in {folder}: has mkdocs-material renamed its {what}?")
    for file in files:
        file.write_text(rewrite(file.read_text(encoding="utf-8"), file), encoding="utf-8")
