"""Include expansion by pymdownx's own snippet preprocessor, configured from mkdocs.yml.

The tests run exactly the text mkdocs renders. Each expansion also reports which snippet file
and line the code starts at, so a traceback can point into the snippet module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import markdown
from mkdocs.config import load_config

from tests.pages import ROOT, Fence, PageError
from tests.snippet_modules import sections


@dataclass(frozen=True)
class Expanded:
    code: str
    file: Path  # where the code lives: the snippet module, or the page for inline code
    first_line: int


@lru_cache(maxsize=None)
def preprocessor(config_file: Path = ROOT / "mkdocs.yml"):
    config = load_config(str(config_file))
    options = dict(config["mdx_configs"]["pymdownx.snippets"])
    # base paths are relative to the project, not to wherever the tests run from
    options["base_path"] = [str((config_file.parent / p).resolve()) for p in options.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return md.preprocessors["snippet"], options["base_path"]


def expand(fence: Fence, config_file: Path = ROOT / "mkdocs.yml") -> Expanded:
    """The code a fence shows once mkdocs has expanded it."""
    includes = fence.include_lines
    if not includes:
        return Expanded(fence.body, fence.path, fence.body_line)
    target = fence.include
    if target is None:
        raise PageError(fence.path, includes[0][0], "a code block is either exactly one include or only inline code")
    snippet_preprocessor, base_paths = preprocessor(config_file)
    try:
        code = "\n".join(snippet_preprocessor.run(fence.body.splitlines()))
    except Exception as error:  # pymdownx names the snippet, not the page that asked for it
        raise PageError(fence.path, includes[0][0], f"{type(error).__name__}: {error}") from None
    file_name, _, section_name = target.partition(":")
    file = next(Path(b) / file_name for b in base_paths if (Path(b) / file_name).exists())
    if not section_name:
        return Expanded(code, file, 1)
    section = sections(file).get(section_name)
    if section is None:  # pymdownx found a section our stricter marker syntax does not accept
        raise PageError(fence.path, includes[0][0], f"section '{section_name}' of {file_name} is malformed")
    return Expanded(code, file, section.first_line)
