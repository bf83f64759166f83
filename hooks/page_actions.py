""""Edit this page" and "Report a problem with this page" on every page, from one setting.

The repository is `extra.repository` (owner/name; GitHub Actions sets GITHUB_REPOSITORY), the
setting the Colab links use too (hooks/notebook_links.py). Without it, a local build shows none
of these links rather than links to a placeholder repository; a deploy build (DEPLOY=1, or on
GitHub Actions) without it fails.

- Edit: material's edit button (feature content.action.edit) opens the page's source in that
  language on GitHub. A notebook page is generated from its page, so it opens the page's source.
  `page.edit_url` is set here instead of `repo_url`, so material's header shows no repository
  widget, whose script would ask api.github.com for stars on every page.
- Report: a button beside it (overrides/partials/actions.html) opens a new issue, its title and
  body prefilled with the page's address, its language and the PyTorch version and date of the
  test run that checked it (.provenance.json, written by tests/provenance.py).
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlencode

from mkdocs.exceptions import PluginError
from site_settings import page_name, repository, test_record

GITHUB = "https://github.com/{repository}"
BRANCH = "main"
REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
WORDS = {
    "zh": {
        "report": "报告本页的问题",
        "title": "反馈：{title}",
        "body": "页面：{url}\n语言：中文 (zh)\n测试所用版本：{tested}\n\n问题描述：\n",
        "untested": "本页尚无测试记录",
    },
    "en": {
        "report": "Report a problem with this page",
        "title": "Feedback about {title}",
        "body": "Page: {url}\nLanguage: English (en)\nTested with: {tested}\n\nWhat is wrong:\n",
        "untested": "no test record for this page yet",
    },
}


def is_deploy() -> bool:
    return os.environ.get("DEPLOY") == "1" or os.environ.get("GITHUB_ACTIONS") == "true"


def on_config(config):
    name = repository(config)
    if name and not REPOSITORY.match(name):
        raise PluginError(f"extra.repository must be owner/name on GitHub, got {name!r} (from GITHUB_REPOSITORY)")
    if not name and is_deploy():
        raise PluginError("a deploy build needs the GitHub repository for its edit, report and Colab links: "
                          "set GITHUB_REPOSITORY=owner/name (GitHub Actions sets it)")
    return config


def source_page(src_uri: str) -> str:
    """The page a file comes from: a generated notebook `zh/notebooks/x/y.ipynb` from `zh/x/y.md`."""
    language, _, rest = src_uri.partition("/")
    if rest.startswith("notebooks/") and rest.endswith(".ipynb"):
        return f"{language}/{rest.removeprefix('notebooks/').removesuffix('.ipynb')}.md"
    return src_uri


def on_pre_page(page, config, files):
    name = repository(config)
    page.edit_url = f"{GITHUB.format(repository=name)}/edit/{BRANCH}/docs/{source_page(page.file.src_uri)}" if name else None
    return page


def tested_with(config, src_uri: str, words: dict) -> str:
    name = page_name(src_uri)
    runs = [(kind, pages[name]) for kind, pages in sorted(test_record(config).items()) if name in pages]
    if not runs:
        return words["untested"]
    return "; ".join(f"PyTorch {run['torch']}, torchvision {run['torchvision']} ({run['device']}, {run['date']})"
                     for _, run in runs)


def on_page_context(context, page, config, nav):
    name = repository(config)
    language = page.file.src_uri.partition("/")[0]
    if not name or language not in WORDS:
        page.report_url = None
        return context
    words = WORDS[language]
    source = source_page(page.file.src_uri)
    query = urlencode({
        "title": words["title"].format(title=page.title),
        "body": words["body"].format(url=page.canonical_url, tested=tested_with(config, source, words)),
    }, quote_via=quote)
    page.report_url = f"{GITHUB.format(repository=name)}/issues/new?{query}"
    page.report_label = words["report"]
    return context
