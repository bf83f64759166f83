"""Checks of the built site: both languages, anchors, search, and nothing fetched from outside."""

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tests.links import Link, site_url, target as link_target
from tests.notebooks import content_pages
from tests.pages import DEFAULT_LANGUAGE, DOCS, LANGUAGES, ROOT
from tests.provenance import RECORD
from tests.site_build import build_site, built_pages, html_file, page_url, tags  # the `site` fixture is in tests/conftest.py


def test_every_page_is_built_in_both_languages(site):
    missing = [str(path) for _, _, path in built_pages(site) if not path.exists()]
    assert not missing, missing


def test_no_empty_or_numbered_anchor_ids(site):
    """An empty id breaks material's search index; `_1`-style ids mean a heading lost its anchor."""
    for _, page, path in built_pages(site):
        ids = [attrs.get("id") for _, attrs in tags(path) if "id" in attrs]
        bad = [i for i in ids if not i or re.fullmatch(r"_\d+", i)]
        assert not bad, f"{path}: bad ids {bad}"


def test_nothing_is_fetched_from_another_host(site):
    """Fonts, scripts, styles and images all come from the site itself."""
    for _, _, path in built_pages(site):
        for tag, attrs in tags(path):
            # canonical and alternate links name this site's address; a browser loads neither
            fetched_link = tag == "link" and attrs.get("rel") not in ("canonical", "alternate")
            url = attrs.get("src") or (attrs.get("href") if fetched_link else None)
            assert not (url and re.match(r"(https?:)?//", url)), f"{path}: <{tag}> loads {url}"
    for stylesheet in site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(['\"]?(https?:)?//", stylesheet.read_text(encoding="utf-8"))


def test_language_switcher_stays_on_the_same_page(site):
    for language, page, path in built_pages(site):
        links = {attrs.get("hreflang"): attrs.get("href") for tag, attrs in tags(path)
                 if tag == "a" and attrs.get("hreflang")}
        for other in LANGUAGES:
            # the home pages link with site-absolute paths (under site_url's path), the others relatively
            resolved, _ = link_target(Link(path, "a", links[other]), site, site_url())
            assert resolved == html_file(site, other, page).resolve(), f"{path}: {other} link goes to {links[other]}"


def search_tokens(site, language, leave_out=None):
    """The words material's search splits one language's pages into, with the configured separator."""
    index = json.loads((language_root(site, language) / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    return {token for doc in index["docs"] if not (leave_out and doc["location"].startswith(leave_out))
            for token in separator.split(doc["text"]) if token}


def language_root(site, language):
    return site / page_url(language, "index.md")  # the folder of the language's home page


def test_each_language_has_its_own_search_index(site):
    """hooks/search_per_language.py: a reader's results are pages of their language, and they resolve."""
    for language in LANGUAGES:
        root = language_root(site, language)
        docs = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        pages = {doc["location"].split("#")[0] for doc in docs}
        assert pages, f"{language}: empty search index"
        for location in pages:
            assert (root / location / "index.html").is_file(), f"{language} search index: {location!r} is no page"
            assert not any(location.startswith(f"{other}/") for other in LANGUAGES), f"{language} index: {location}"
        base = re.search(r'"base": "([^"]*)"', (root / "basics" / "tensors" / "index.html").read_text(encoding="utf-8"))
        assert (root / "basics" / "tensors" / base.group(1) / "search" / "search_index.json").resolve() == \
            (root / "search" / "search_index.json").resolve(), f"{language}: material's base is {base.group(1)!r}"


def test_chinese_body_text_is_searchable(site):
    """jieba segments Chinese with U+200B; the separator must split on it, or words are not found."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["plugins"][0]["search"]["separator"]
    tokens = search_tokens(site, DEFAULT_LANGUAGE)
    assert "形状" in tokens, "a Chinese word from the Tensors page body is not a search token"
    assert "unsqueeze" in search_tokens(site, "en")
    # the English glossary names each term in Chinese too; no other English page has Chinese words
    assert "形状" not in search_tokens(site, "en", leave_out="glossary/")


def test_every_content_page_ends_with_its_test_record(site):
    """The note is produced from the test run's record (tests/provenance.py), never typed."""
    titles = {"zh": "测试记录", "en": "Test record"}
    for language, page, path in built_pages(site):
        if "```" in (DOCS / language / page).read_text(encoding="utf-8"):  # pages without code have none
            assert titles[language] in path.read_text(encoding="utf-8"), f"{path}: no test record note"


def test_chinese_text_has_no_line_breaks_between_characters(site):
    """Browsers show a break between two Chinese characters as a space (hooks/cjk_line_breaks.py)."""
    cjk = "[\u4e00-\u9fff\uff0c\u3002]"
    for language, page, path in built_pages(site):
        if language == "zh":
            body = re.sub(r"<pre\b.*?</pre>|<script\b.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
            broken = re.search(f"{cjk}\\s*\\n\\s*{cjk}", body)
            assert not broken, f"{path}: line break inside Chinese text: {broken.group(0)!r}"


def notebook_pages(site):
    """(page's HTML, notebook's page HTML, downloadable .ipynb) for every page with a notebook."""
    for language in LANGUAGES:
        for page in content_pages(language):
            folder = html_file(site, language, "notebooks/" + page).parent
            yield html_file(site, language, page), folder / "index.html", folder / Path(page).with_suffix(".ipynb").name


def test_notebooks_are_pages_and_downloads(site):
    """i18n publishes a notebook as raw JSON at index.html unless hooks/notebook_pages.py runs (DESIGN trap 2)."""
    for page, notebook_page, download in notebook_pages(site):
        html = notebook_page.read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html>"), f"{notebook_page}: not an HTML page"
        assert "jupyter-wrapper" in html, f"{notebook_page}: the notebook was not rendered"
        for unused in ("text/x-mathjax-config", "jp-Mermaid"):  # hooks/notebook_pages.py drops them
            assert unused not in html, f"{notebook_page}: a script for what the notebooks lack ({unused}) is still there"
        assert json.loads(download.read_text(encoding="utf-8"))["cells"], f"{download}: no notebook to download"
        ids = [attrs.get("id") for _, attrs in tags(notebook_page) if "id" in attrs]
        assert all(ids) and len(ids) == len(set(ids)), f"{notebook_page}: empty or repeated ids (DESIGN trap 4)"
        links = [attrs["href"] for tag, attrs in tags(page) if tag == "a" and "download" in attrs]
        assert [(page.parent / href).resolve() for href in links] == [download.resolve()], \
            f"{page}: the download link does not point at {download}"


def test_formulas_are_mathml_with_no_latex_left_in_the_text(site):
    """hooks/formulas.py turns every `$...$` into MathML at build time; no delimiter or command stays as text."""
    with_math = []
    for path in sorted(site.rglob("index.html")):  # the notebook pages too: their markdown cells keep the dollars
        html = path.read_text(encoding="utf-8")
        if "<math " in html:
            with_math.append(path)
        assert 'class="arithmatex"' not in html, f"{path}: a formula was not converted"
        text = re.sub(r"<(pre|code|script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
        leftover = re.search(r"\$\$|\\\(|\\\[|\\(frac|sum|partial|mathrm|hat)\b", text)
        assert not leftover, f"{path}: LaTeX left in the text: {text[max(0, leftover.start() - 60):leftover.end() + 60]!r}"
    assert with_math, "no page shows a formula"


# Edit and report links (hooks/page_actions.py), from the one repository setting. The session's site
# is built with whatever the environment says (GitHub Actions sets GITHUB_REPOSITORY); the other case
# is built here, so both are checked everywhere.
TEST_REPOSITORY = "example-owner/example-notes"
NOT_DEPLOY = {"DEPLOY": None, "GITHUB_ACTIONS": None}


@pytest.fixture(scope="module")
def sites_by_repository(site, tmp_path_factory):
    """{repository or "": built site}: one with a repository, one without."""
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    other_repository = "" if repository else TEST_REPOSITORY
    other = tmp_path_factory.mktemp("site-other-repository")
    # without the "last updated" dates (a `git log` per page): the links do not depend on them
    result = build_site(other, GITHUB_REPOSITORY=other_repository or None, PAGE_DATES="false", **NOT_DEPLOY)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return {repository: site, other_repository: other}


def every_page(site):
    """(source file under docs/, built HTML) of every page, notebook pages included."""
    for language, page, path in built_pages(site):
        yield f"{language}/{page}", path
    for language in LANGUAGES:
        for page in content_pages(language):
            if (DOCS / language / "notebooks" / page).with_suffix(".ipynb").exists():  # a missing one fails elsewhere
                yield f"{language}/{page}", html_file(site, language, "notebooks/" + page)


def test_every_page_has_edit_and_report_links_to_the_repository(sites_by_repository):
    repository = next(name for name in sites_by_repository if name)
    site = sites_by_repository[repository]
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    for source, path in every_page(site):
        links = {attrs.get("rel"): attrs["href"] for tag, attrs in tags(path) if tag == "a" and "md-content__button" in attrs.get("class", "")}
        assert links.get("edit") == f"https://github.com/{repository}/edit/main/docs/{source}", f"{path}: edit link {links}"
        assert (ROOT / "docs" / source).is_file()
        report = urlsplit(links.get("nofollow", ""))
        assert report.netloc == "github.com" and report.path == f"/{repository}/issues/new", f"{path}: report link {links}"
        query = parse_qs(report.query)
        language = source.partition("/")[0]
        canonical = next(attrs["href"] for tag, attrs in tags(path) if tag == "link" and attrs.get("rel") == "canonical")
        body = query["body"][0]
        assert query["title"][0] and canonical in body and f"({language})" in body, f"{path}: report body {body!r}"
        name = source.partition("/")[2]  # the record is kept per page, for both languages (tests/provenance.py)
        versions = {run[name]["torch"] for run in record.values() if name in run}
        assert all(f"PyTorch {version}" in body for version in versions), f"{path}: report body {body!r} lacks {versions}"


def test_without_a_repository_no_page_links_to_one(sites_by_repository):
    """A local build without GITHUB_REPOSITORY: no edit, report or Colab link to a placeholder."""
    for _, path in every_page(sites_by_repository[""]):
        to_github = [attrs["href"] for tag, attrs in tags(path)
                     if tag == "a" and re.match(r"https://(github\.com|colab\.research\.google\.com)/", attrs.get("href", ""))
                     and "/pytorch/" not in attrs["href"]]
        assert not to_github, f"{path}: links to a repository that was never set: {to_github}"


def test_a_deploy_build_without_a_repository_fails(tmp_path):
    result = build_site(tmp_path, GITHUB_REPOSITORY=None, DEPLOY="1")
    assert result.returncode != 0
    assert "a deploy build needs the GitHub repository" in result.stderr, result.stderr


def test_every_page_says_when_its_text_last_changed(site):
    """From git (or the build date without history: tests/test_dates.py), localized, at the page's end."""
    for language, page, path in built_pages(site):
        html = path.read_text(encoding="utf-8")
        date = re.search(r'<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date"'
                         r' title="[^"]*">([^<]+)</span>', html)
        assert date, f"{path}: no last-updated date"
        assert bool(re.search("[年月日]", date.group(1))) == (language == "zh"), f"{path}: date {date.group(1)!r}"


def test_the_notebook_stylesheet_is_css_cut_to_what_the_pages_use(site):
    """hooks/notebook_pages.py: one shared file, no HTML left from the inline blocks it was cut from,
    and only the rules that can match (hooks/used_css.py): JupyterLab's whole sheet is ~570 kB."""
    css = (site / "assets" / "stylesheets" / "notebook.css").read_text(encoding="utf-8")
    assert "<style" not in css and "</style>" not in css
    assert len(css) < 100_000, f"notebook.css is {len(css)} bytes: were the rules cut?"
    assert ".jupyter-wrapper .jp-Cell" in css


def test_the_palette_switching_rule_answers_to_the_toggle_only(site):
    """hooks/palette_switching.py: material's rule that turns transitions off is there, under our attribute."""
    sheets = list((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(sheets) == 1, sheets
    css = sheets[0].read_text(encoding="utf-8")
    assert "[data-palette-switching] *" in css and "data-md-color-switching" not in css


def test_material_starts_without_restyling_every_element(site):
    """overrides/main.html and hooks/color_scheme_meta.py: <head> has the color-scheme element and the
    script's classes for <html>; the script updates that element instead of adding its own."""
    for html in (site / "index.html", site / "en" / "notebooks" / "nn" / "parameters" / "index.html"):
        head = html.read_text(encoding="utf-8").split("</head>")[0]
        assert '<meta name="color-scheme" content="light">' in head, html
        assert 'document.documentElement.className="js js-focus-visible"' in head, html
    bundles = list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1, bundles
    assert "document.querySelector('meta[name=\"color-scheme\"]')||" in bundles[0].read_text(encoding="utf-8")
