"""Ends every content page with what the last test runs proved about it.

Reads `.provenance.json`, written by the pytest runs (tests/provenance.py), so the note is never
typed by hand. A page the tests have not run (yet) says so instead of claiming anything, and a
page without a GPU run says that too.
"""

from site_settings import page_name, test_record

NOTES = {
    "zh": {
        "title": "测试记录",
        "cpu": "本页代码于 {date} 在 CPU 上实际运行（{machine}，向量指令集：{isa}），Python {python}、PyTorch {torch}、"
               "torchvision {torchvision}：{passed} 项检查通过，{skipped} 项跳过（需要 GPU 或网络），代码运行用时 {seconds} 秒。",
        "cuda": "本页代码于 {date} 在 GPU 上实际运行（{device}），PyTorch {torch}：{passed} 项检查通过，{skipped} 项跳过，"
                "代码运行用时 {seconds} 秒。",
        "failed": "注意：本页在 {date} 的测试中有 {failed} 项未通过（{device}）。",
        "no-gpu": "本页尚未在 GPU 上运行。",
        "none": "本页尚无测试记录。运行 `make test` 后重新构建即可生成。",
        "isa": {"AVX512": "AVX-512", "DEFAULT": "无"},
        "and": "、",
    },
    "en": {
        "title": "Test record",
        "cpu": "The code on this page was run on a CPU on {date} ({machine}, vector instructions: {isa}) with Python "
               "{python}, PyTorch {torch} and torchvision {torchvision}: {passed} checks passed, {skipped} skipped "
               "(they need a GPU or the network); the code ran for {seconds} s.",
        "cuda": "The code on this page was run on a GPU on {date} ({device}) with PyTorch {torch}: {passed} checks "
                "passed, {skipped} skipped; the code ran for {seconds} s.",
        "failed": "Warning: {failed} checks on this page failed in the test run of {date} ({device}).",
        "no-gpu": "This page has not been run on a GPU.",
        "none": "No test record for this page yet: run `make test`, then build again.",
        "isa": {"AVX512": "AVX-512", "DEFAULT": "none"},
        "and": ", ",
    },
}


def record_lines(record: dict, page: str, text: dict) -> list[str]:
    lines = []
    for kind in ("cpu", "cuda"):
        run = record.get(kind, {}).get(page)
        if run is None:
            if kind == "cuda" and lines:
                lines.append(text["no-gpu"])
            continue
        values = {"passed": 0, "skipped": 0, "failed": 0, "seconds": 0, "isa": [], **run}
        values["machine"] = values["device"].partition(", ")[2] or values["device"]
        values["isa"] = text["and"].join(text["isa"].get(isa, isa) for isa in values["isa"])
        values["seconds"] = f"{float(values['seconds']):.1f}"
        lines.append(text["failed" if values["failed"] else kind].format(**values))
    return lines


def on_page_markdown(markdown, page, config, files):
    language, _, inside = page.file.src_uri.partition("/")
    if language not in NOTES or not inside.endswith(".md") or "```" not in markdown:
        return markdown  # a page without code (home, glossary) has nothing to record
    text = NOTES[language]
    note = "\n\n    ".join(record_lines(test_record(config), page_name(page.file.src_uri), text) or [text["none"]])
    return f'{markdown}\n\n!!! info "{text["title"]}"\n    {note}\n'
