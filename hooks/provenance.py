"""Ends every content page with what the last test run proved about it.

Reads `.provenance.json`, written by the pytest run (tests/provenance.py), so the note is never
typed by hand. A page the tests have not run (yet) says so instead of claiming anything.
"""

import json
from pathlib import Path

NOTES = {
    "zh": {
        "title": "测试记录",
        "ran": "本页代码于 {date} 在 Python {python}、PyTorch {torch}、torchvision {torchvision}（{device}）上由测试实际运行：{passed} 项通过，{skipped} 项跳过（需要 GPU 或网络）。",
        "failed": "注意：本页在 {date} 的测试中有 {failed} 项未通过（{device}）。",
        "none": "本页尚无测试记录。运行 `make test` 后重新构建即可生成。",
    },
    "en": {
        "title": "Test record",
        "ran": "The code on this page was run by the tests on {date} with Python {python}, PyTorch {torch} and torchvision {torchvision} ({device}): {passed} checks passed, {skipped} skipped (they need a GPU or the network).",
        "failed": "Warning: {failed} checks on this page failed in the test run of {date} ({device}).",
        "none": "No test record for this page yet: run `make test`, then build again.",
    },
}


def on_page_markdown(markdown, page, config, files):
    language, _, inside = page.file.src_uri.partition("/")
    if language not in NOTES or not inside.endswith(".md") or inside == "index.md":
        return markdown
    record_file = Path(config.config_file_path).parent / ".provenance.json"
    record = json.loads(record_file.read_text(encoding="utf-8")) if record_file.exists() else {}
    text = NOTES[language]
    runs = [run[page.file.src_uri] for run in record.values() if page.file.src_uri in run]
    lines = []
    for run in runs:
        values = {"passed": 0, "skipped": 0, "failed": 0, **run}
        lines.append(text["failed" if values["failed"] else "ran"].format(**values))
    note = "\n\n    ".join(lines or [text["none"]])
    return f'{markdown}\n\n!!! info "{text["title"]}"\n    {note}\n'
