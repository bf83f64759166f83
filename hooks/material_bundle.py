"""material's minified script, rewritten after the build by the hooks that change what it does.

Not a hook itself: hooks/color_scheme_meta.py and hooks/search_on_open.py call it. The names in the
bundle are the minifier's, so each of them matches the code it changes and fails the build, naming
the bundle, when that code is not there exactly once (a mkdocs-material that changed). The i18n
plugin builds the other language into the same site, so a rewrite finds its own change the second
time and must leave it as it is.
"""

from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError


def rewrite_bundles(config, hook: str, rewrite: Callable[[str, Path], str]) -> None:
    """Replace each built bundle.*.min.js with `rewrite(its text, its path)`; `hook` names the caller."""
    folder = Path(config.site_dir) / "assets" / "javascripts"
    bundles = sorted(folder.glob("bundle.*.min.js"))
    if not bundles:
        raise PluginError(f"hooks/{hook}.py: no bundle.*.min.js in {folder}: has mkdocs-material renamed its script?")
    for bundle in bundles:
        bundle.write_text(rewrite(bundle.read_text(encoding="utf-8"), bundle), encoding="utf-8")
