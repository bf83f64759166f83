"""Which version of the Chinese page an English page translates.

An English page's front matter holds `translated_from: <hash of the Chinese page>`. When the
Chinese page changes, the hash no longer matches and the tests name the stale translation.
After updating the English text, record the new version:

    python -m tests.translations            # every English page
    python -m tests.translations docs/en/basics/tensors.md
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from tests.pages import DEFAULT_LANGUAGE, DOCS, Page, pages, relative

KEY = "translated_from"


def source_hash(zh_page: Path) -> str:
    return hashlib.sha256(Path(zh_page).read_bytes()).hexdigest()[:12]


def source_of(en_page: Path, docs: Path = DOCS) -> Path:
    inside = Path(en_page).resolve().relative_to((docs / "en").resolve())
    return docs / DEFAULT_LANGUAGE / inside


def staleness(en_page: Path, docs: Path = DOCS) -> str | None:
    """None when the translation is current, else what is wrong."""
    recorded = Page(en_page).front_matter.get(KEY)
    source = source_of(en_page, docs)
    if recorded is None:
        return f"{relative(en_page)}:1: no '{KEY}' in the front matter; run `make translations` once it is translated"
    if str(recorded) != source_hash(source):
        return (f"{relative(en_page)}:1: translates an older version of {relative(source)} "
                f"({KEY}: {recorded}, now {source_hash(source)}); update the English text, then run `make translations`")
    return None


def stamp(en_page: Path, docs: Path = DOCS) -> None:
    text = Path(en_page).read_text(encoding="utf-8")
    line = f"{KEY}: {source_hash(source_of(en_page, docs))}"
    if not text.startswith("---\n"):
        text = f"---\n{line}\n---\n\n{text}"
    elif re.search(rf"^{KEY}:.*$", text, flags=re.MULTILINE):
        text = re.sub(rf"^{KEY}:.*$", line, text, count=1, flags=re.MULTILINE)
    else:
        text = text.replace("---\n", f"---\n{line}\n", 1)
    Path(en_page).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    targets = [Path(p) for p in sys.argv[1:]] or list(pages("en").values())
    for target in targets:
        stamp(target)
        print(f"recorded {relative(target)} as translating {relative(source_of(target))}")
