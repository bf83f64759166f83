"""How long the project takes, as medians of several runs (issue #13): `make bench`.

    make bench            # 3 runs of each measurement
    FRESH=1 make bench    # also a fresh install of requirements.txt into a new venv
    RUNS=5 make bench     # more runs; ONLY=build,serve to measure some of them

Measured: the install (FRESH=1), the pages alone (`pytest docs`, one process, what the suite's
budget is stated against), the full suite (`make test`: both cores, the portability pass), the
slowest items of that suite, the strict build, the serve-reload latency (an edited page visible
in the served site), and Lighthouse of every page, the five heaviest three times (`python -m tests.audit`).

A script, not a test: wall-clock limits in tests fail on noisy machines.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("RUNS", "3"))
ONLY = set(filter(None, os.environ.get("ONLY", "").split(",")))
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
# the page the reload measurement edits (and restores): a long page with code, in the default language
RELOAD_PAGE = ROOT / "docs" / "zh" / "basics" / "tensors.md"
RELOAD_URL = "/basics/tensors/"
RELOAD_TIMEOUT_S = 120
SERVE_ARGS = os.environ.get("SERVE_ARGS", "").split()  # make variables for `make serve`


def timed(command, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                   **kwargs)
    return time.perf_counter() - start


def fresh_install() -> float:
    with tempfile.TemporaryDirectory() as venv:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([f"{venv}/bin/python", "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt")],
                       check=True)
        return time.perf_counter() - start


def bare_pages() -> float:
    return timed([sys.executable, "-m", "pytest", "-q", "docs"])


def full_suite(items: dict) -> float:
    """`make test`; the suite's own run also leaves a JUnit report, for the slowest items."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.xml"
        seconds = timed(["make", "--no-print-directory", "test", f"PYTEST_ARGS=--junitxml={report}"])
        if report.exists():
            for case in ElementTree.parse(report).iter("testcase"):
                items[f"{case.get('classname')}::{case.get('name')}"].append(float(case.get("time", 0)))
        return seconds


def build() -> float:
    with tempfile.TemporaryDirectory() as site:
        return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site])


def serve_reload_latency() -> float:
    """Seconds from saving an edit of a page to `make serve` serving the edited page. The edit is an
    HTML comment at the end of a real page, put back as it was afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    original = RELOAD_PAGE.read_bytes()
    server = subprocess.Popen(["make", "--no-print-directory", "serve", f"HOST=127.0.0.1:{port}", *SERVE_ARGS],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its own process group: make and mkdocs end together
    url = f"http://127.0.0.1:{port}{RELOAD_URL}"
    try:
        wait_for(lambda: fetch(url) is not None, "make serve to start")
        time.sleep(2)  # let the watcher settle after the first build
        token = f"bench-{uuid.uuid4().hex}"
        start = time.perf_counter()
        RELOAD_PAGE.write_bytes(original + f"\n<!-- {token} -->\n".encode())
        wait_for(lambda: token in (fetch(url) or ""), "the edit to be served")
        return time.perf_counter() - start
    finally:
        RELOAD_PAGE.write_bytes(original)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for(condition, what: str) -> None:
    deadline = time.perf_counter() + RELOAD_TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"waited {RELOAD_TIMEOUT_S} s for {what}")
        time.sleep(0.1)


def lighthouse() -> None:
    """tests/audit.py measures and prints its own medians (five heaviest pages three times)."""
    result = subprocess.run([sys.executable, "-m", "tests.audit"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    print("lighthouse (python -m tests.audit):")
    print("  " + "\n  ".join((result.stdout + result.stderr).strip().splitlines()))


def report(name: str, measure, runs: int = RUNS) -> None:
    if ONLY and name.split()[0] not in ONLY:
        return
    try:
        values = [measure() for _ in range(runs)]
    except (subprocess.CalledProcessError, TimeoutError) as error:
        print(f"{name}: failed ({error})")
        return
    print(f"{name}: median {statistics.median(values):.1f} s of {runs} ({', '.join(f'{v:.1f}' for v in values)})",
          flush=True)


def main() -> None:
    if os.environ.get("FRESH") == "1":
        report("install (fresh venv, requirements.txt)", fresh_install, runs=1)
    report("pages (pytest docs, one process)", bare_pages)
    items: dict = defaultdict(list)
    report("suite (make test)", lambda: full_suite(items))
    if items:
        print("slowest items of the suite (median seconds):")
        for name, seconds in sorted(items.items(), key=lambda item: -statistics.median(item[1]))[:10]:
            print(f"  {statistics.median(seconds):7.2f}  {name}")
    report("build (mkdocs build --strict)", build)
    report("serve (edit to served page)", serve_reload_latency)
    if not ONLY or "lighthouse" in ONLY:
        lighthouse()


if __name__ == "__main__":
    main()
