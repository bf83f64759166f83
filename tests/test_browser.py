"""The built site in a real browser (headless Debian chromium through Playwright), served on localhost.

One browser for the whole module; each test gets a fresh context (no palette or clipboard left over).
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.pages import DEFAULT_LANGUAGE, LANGUAGES
from tests.site_build import CHROMIUM, CHROMIUM_ARGS, page_url
from tests.static_server import serve

NOT_NETWORK_SCHEMES = {"data", "blob", "about"}
TIMEOUT_MS = 10_000
# How far a page may shift while it loads (the sum of chromium's layout-shift scores). Lighthouse
# calls 0.1 good; the pages measure at most 0.006 (basics/tensors on a phone) and 0.0009 of it, on
# every page, is material's language menu. A code block drawn at another height than the one it
# was given would shift the page by more (basics/graphs measured 0.1 before hooks/code_heights.py).
MOST_LAYOUT_SHIFT = 0.01
# The code blocks the browser may skip off screen (extra.css, content-visibility: auto).
SKIPPABLE = ".md-typeset .highlight, .jp-Notebook > .jp-CodeCell"
# One call per page: the layout shifts so far (taken at once, before anything below moves the page),
# then every skippable block drawn: those whose given height (hooks/code_heights.py) is not the
# height they are drawn with.
LAYOUT_CHECK = """skippable => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  const shift = observer.takeRecords().filter(entry => !entry.hadRecentInput)
    .reduce((sum, entry) => sum + entry.value, 0);
  observer.disconnect();
  document.head.insertAdjacentHTML("beforeend",
    `<style>${skippable} { content-visibility: visible !important }</style>`);
  const missized = [...document.querySelectorAll(skippable)].map((block, index) => {
    const given = parseFloat(getComputedStyle(block).containIntrinsicHeight.split(" ").pop());
    const drawn = block.getBoundingClientRect().height;
    return {index, given, drawn};
  }).filter(({given, drawn}) => !(Math.abs(given - drawn) <= 1));
  return {shift, missized};
}"""


def page_language(folder: str) -> str:
    """The language of a built folder: `en/...` for English, anything else is the default language."""
    first = folder.split("/", 1)[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), (f"{CHROMIUM} is missing: `make test` installs it with apt-get when run as root, "
                               "otherwise run `sudo apt-get update && sudo apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_language_switcher_moves_to_the_same_page(page, base_url):
    page.goto(base_url + page_url("zh", "basics/tensors.md"))
    for language in ("en", "zh"):
        page.locator(".md-header .md-select").hover()  # the language list opens on hover
        page.locator(f'.md-header a.md-select__link[hreflang="{language}"]').click()
        expected = base_url + page_url(language, "basics/tensors.md")
        page.wait_for_url(expected)
        assert page.get_attribute("html", "lang") == language, f"{expected}: <html lang> after switching to {language}"


@pytest.mark.parametrize("language, word, page_with_word", [
    ("zh", "形状", "basics/tensors.md"),  # Chinese body text: found only if the separator splits jieba's words
    ("en", "unsqueeze", "nn/neural_networks.md"),  # only in code; a stemmed index did not find it
    ("en", "state_dict", "nn/saving_loading.md"),
])
def test_search_finds_a_word_from_the_body_text(page, base_url, language, word, page_with_word):
    index_requests = []
    page.on("request", lambda request: request.url.endswith("/search_index.json") and index_requests.append(request.url))
    page.goto(base_url + page_url(language, "index.md"), wait_until="networkidle")
    assert not index_requests, f"the {language} home page loaded the search index before the search opened (hooks/search_on_open.py)"
    search = page.locator(".md-search__input")
    search.click()
    search.fill(word)
    search.press("End")  # material reads the query on keyup
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    expect(results.first).to_be_visible()
    targets = [urlsplit(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]
    assert "/" + page_url(language, page_with_word) in targets, f"search for {word!r} in {language}: results {targets}"
    others = [target for target in targets if page_language(target.strip("/")) != language]
    assert not others, f"search in {language} lists pages of another language: {others}"
    assert index_requests == [base_url + ("" if language == DEFAULT_LANGUAGE else f"{language}/") + "search/search_index.json"]


def test_a_search_result_highlights_the_words_on_its_page(page, base_url):
    # the index is loaded for the highlighting only where the address has the words (hooks/search_on_open.py)
    page.goto(base_url + page_url("en", "nn/saving_loading.md") + "?h=optimizer")
    expect(page.locator("article mark[data-md-highlight]").first).to_have_text(re.compile("optimizer", re.IGNORECASE))

def copy_button_text(page, block):
    """Click the copy button of the first `block` code block and read what reached the clipboard."""
    code = page.locator(f".{block} pre > code").first
    code.hover()  # material shows the button on hover
    page.locator(f".{block} pre .md-code__button[data-md-type=copy]").first.click()
    return code.text_content(), page.evaluate("navigator.clipboard.readText()")


def test_copy_button_copies_runnable_code(page, base_url):
    page.goto(base_url + page_url("en", "basics/tensors.md"))
    shown, copied = copy_button_text(page, "language-pycon")
    statements = [line[4:] for line in shown.splitlines() if line.startswith((">>> ", "... "))]
    assert copied.splitlines() == statements, f"pycon copy button: copied {copied!r} from {shown!r}"
    shown, copied = copy_button_text(page, "language-python")
    assert copied.rstrip("\n") == shown.rstrip("\n"), f"python copy button: copied {copied!r} from {shown!r}"


def test_formulas_are_laid_out(page, base_url, site):
    """MathML made at build time (hooks/formulas.py): the browser lays it out, no LaTeX is left as text."""
    for language in ("zh", "en"):
        page.goto(base_url + page_url(language, "basics/two_layer_net.md"))
        formulas = page.locator("article math")
        assert formulas.count() > 0, f"{language}: no <math> on the two-layer-net page"
        for index in (0, formulas.count() - 1):
            formulas.nth(index).scroll_into_view_if_needed()
            box = formulas.nth(index).bounding_box()
            assert box and box["width"] > 5 and box["height"] > 5, f"{language}: formula {index} laid out as {box}"
        display = page.locator("article .math-display math").first
        assert display.evaluate("m => getComputedStyle(m).display") == "block math"
        text = page.locator("article").evaluate(
            "a => { const c = a.cloneNode(true); c.querySelectorAll('pre, code').forEach(e => e.remove()); return c.textContent; }")
        assert "$" not in text and "\\frac" not in text and "\\partial" not in text, f"{language}: LaTeX left in the text"


def test_palette_toggle_switches_dark_mode_and_back(page, base_url):
    page.goto(base_url + page_url("zh", "index.md"))
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator("form[data-md-component=palette] label.md-header__button:visible")
    # material's script started with the <head> overrides/main.html gives it: its classes on <html>,
    # one color-scheme element, updated as the palette changes (hooks/color_scheme_meta.py)
    expect(page.locator("html")).to_have_class("js js-focus-visible")
    meta = "[...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content)"
    assert page.evaluate(meta) == ["light"]
    for scheme, color_scheme in (("slate", "dark"), ("default", "light")):
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", scheme)
        assert page.evaluate(meta) == [color_scheme], f"{scheme}: color-scheme elements {page.evaluate(meta)}"
        # the colours change at once, as material means them to (hooks/palette_switching.py):
        # without the switching attribute, ~100 links, code and menu items fade over 125-250 ms
        running = page.evaluate("document.getAnimations().map(a => a.transitionProperty)")
        assert running == [], f"switching to {scheme} started transitions: {running}"


@pytest.mark.parametrize("language", LANGUAGES)  # one item per language: the two spread over the workers
def test_every_page_loads_without_console_errors_or_requests_to_other_hosts(page, base_url, site, language):
    """Each built page of a language once: no console error, no failed request, nothing from elsewhere;
    it does not shift while it loads, and each code block it may skip has its drawn height."""
    current = {"page": ""}
    problems = []

    def goes_elsewhere(request):
        url = urlsplit(request.url)
        if url.scheme not in NOT_NETWORK_SCHEMES and url.netloc != served:
            problems.append(f"/{current['page']}: request to another host: {request.url}")

    served = urlsplit(base_url).netloc  # the test server: another port on localhost is another host too
    page.context.on("request", goes_elsewhere)
    page.on("console", lambda message: message.type == "error" and problems.append(
        f"/{current['page']}: console error: {message.text} ({message.location.get('url')})"))
    page.context.on("response", lambda response: response.status >= 400 and problems.append(
        f"/{current['page']}: HTTP {response.status} for {response.url}"))
    page.on("pageerror", lambda error: problems.append(f"/{current['page']}: uncaught exception: {error}"))
    for html in sorted(site.rglob("index.html")):
        folder = html.parent.relative_to(site).as_posix()
        if page_language(folder) != language:
            continue
        current["page"] = "" if folder == "." else folder + "/"
        page.goto(base_url + current["page"], wait_until="load")
        layout = page.evaluate(LAYOUT_CHECK, SKIPPABLE)
        if layout["shift"] > MOST_LAYOUT_SHIFT:
            problems.append(f"/{current['page']}: the page shifted by {layout['shift']:.4f} while loading "
                            f"(at most {MOST_LAYOUT_SHIFT})")
        for block in layout["missized"]:
            problems.append(f"/{current['page']}: code block {block['index'] + 1} is drawn {block['drawn']:.1f} px high, "
                            f"given {block['given']:.1f} px (hooks/code_heights.py, extra.css)")
    page.wait_for_load_state("networkidle")  # the last page's late requests (the search worker) too
    assert not problems, "\n".join(problems)
