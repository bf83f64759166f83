"""Wires the page harness (tests/harness.py) into pytest: every page under docs/ is a test file."""

import os
from collections import Counter
from pathlib import Path

# before anything imports matplotlib: no display, reproducible SVG ids
os.environ["MATPLOTLIBRC"] = str(Path(__file__).parent / "tests" / "matplotlibrc")

from tests.harness import counts, page_sybil  # noqa: E402
from tests.provenance import PageOutcomes  # noqa: E402

pytest_plugins = ["tests.parallel"]  # xdist groups, --shard, counts from the workers
pytest_collect_file = page_sybil().pytest()
page_outcomes = PageOutcomes()
records = {"provenance": True}  # False in an xdist worker: the controller gets every report and writes


def pytest_configure(config):
    records["provenance"] = not hasattr(config, "workerinput")


def pytest_runtest_logreport(report):
    if records["provenance"]:
        page_outcomes.add(report)


def pytest_sessionfinish(session):
    if records["provenance"]:
        page_outcomes.write()


def pytest_terminal_summary(terminalreporter):
    """How many blocks ran, how many outputs were checked, what was skipped and why."""
    reasons = Counter(
        report.longrepr[2].removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    )
    lines = [f"{name}: {number}" for name, number in sorted(counts.items())]
    lines += [f"skipped ({reason}): {number}" for reason, number in sorted(reasons.items())]
    if lines:
        terminalreporter.write_sep("-", "code blocks on the pages")
        for line in lines:
            terminalreporter.write_line(line)
