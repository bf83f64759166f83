"""A line near the top of every page that has a notebook: view it, download it, open it in Colab.

Added while rendering, so the page sources (and the zh/en parity checks) stay untouched. Raw HTML,
because the download points at the copy of the .ipynb that mkdocs-jupyter puts beside the
notebook's page, a file mkdocs' link validation does not know about.
"""

import os
import posixpath
import re
from pathlib import Path

from site_settings import repository as configured_repository

COLAB = "https://colab.research.google.com/github/{repository}/blob/main/{path}"
WORDS = {
    "zh": ("查看 Notebook", "下载 Notebook", "在 Colab 中打开"),
    "en": ("View as a notebook", "Download the notebook", "Open in Colab"),
}
TITLE = re.compile(r"^# .*$", re.MULTILINE)


def on_page_markdown(markdown, page, config, files):
    language, _, rest = page.file.src_uri.partition("/")
    notebook = files.get_file_from_path(f"{language}/notebooks/{rest.removesuffix('.md')}.ipynb")
    if notebook is None or language not in WORDS:  # the home page and the notebooks themselves
        return markdown
    view, download, colab = WORDS[language]
    # directory URLs: both pages are folders, the .ipynb lies in the notebook's folder
    notebook_folder = posixpath.relpath("/" + notebook.url, "/" + page.file.url) + "/"
    source = os.path.relpath(notebook.abs_src_path, os.path.dirname(config.config_file_path))
    links = [
        f'<a href="{notebook_folder}">{view}</a>',
        f'<a href="{notebook_folder}{posixpath.basename(notebook.src_uri)}" download>{download}</a>',
    ]
    repository = configured_repository(config)
    if repository:  # unset in a local build: no link to a placeholder repository (hooks/page_actions.py)
        links.append(f'<a href="{COLAB.format(repository=repository, path=Path(source).as_posix())}">{colab}</a>')
    line = f'<p class="notebook-links">{" · ".join(links)}</p>'
    title = TITLE.search(markdown)
    at = title.end() if title else 0
    return f"{markdown[:at]}\n\n{line}\n\n{markdown[at:]}"
