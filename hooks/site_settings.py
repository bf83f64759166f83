"""What several hooks read, in one place (a sibling module: mkdocs puts a hook's folder on sys.path
while loading it). Not a hook itself, so mkdocs.yml does not list it.

- `repository(config)`: extra.repository (owner/name), for the edit, report and Colab links.
- `test_record(config)`: `.provenance.json` (tests/provenance.py), read once per change of the file,
  not once per page and hook; a missing or unreadable file is an empty record.
- `page_name(src_uri)`: the record's key for a page, the same in both languages.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


def repository(config) -> str:
    return (config.extra.get("repository") or "").strip()


def test_record(config) -> dict:
    path = Path(config.config_file_path).parent / ".provenance.json"
    try:
        return _read(path, path.stat().st_mtime_ns)
    except OSError:
        return {}


@lru_cache(maxsize=2)
def _read(path: Path, modified_ns: int) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def page_name(src_uri: str) -> str:
    """`zh/basics/tensors.md` → `basics/tensors.md`: both languages run the same code."""
    return src_uri.partition("/")[2]
