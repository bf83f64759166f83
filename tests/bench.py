"""Times the site build and the test suite: medians of several runs, slowest pages first.

    make bench            # build and tests, 3 runs each
    FRESH=1 make bench    # also a fresh install of requirements.txt into a new venv
    RUNS=5 make bench

A script, not a test: wall-clock limits in tests fail on noisy machines.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("RUNS", "3"))


def timed(command, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def fresh_install() -> float:
    with tempfile.TemporaryDirectory() as venv:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([f"{venv}/bin/python", "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt")],
                       check=True)
        return time.perf_counter() - start


def build() -> float:
    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site], env=env)


def test_suite(per_file: dict) -> float:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.xml"
        seconds = timed([sys.executable, "-m", "pytest", "-q", f"--junitxml={report}"])
        totals = defaultdict(float)
        for case in ElementTree.parse(report).iter("testcase"):
            totals[case.get("file") or case.get("classname")] += float(case.get("time", 0))
        for name, total in totals.items():
            per_file[name].append(total)
        return seconds


def page_weights() -> list:
    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", site], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        return sorted(((p.stat().st_size, str(p.relative_to(site))) for p in Path(site).rglob("*.html")), reverse=True)


def main() -> None:
    if os.environ.get("FRESH") == "1":
        print(f"fresh install of requirements.txt: {fresh_install():.1f} s")
    builds = [build() for _ in range(RUNS)]
    print(f"mkdocs build --strict, both languages: median {statistics.median(builds):.1f} s "
          f"of {RUNS} ({', '.join(f'{b:.1f}' for b in builds)})")
    per_file = defaultdict(list)
    tests = [test_suite(per_file) for _ in range(RUNS)]
    print(f"pytest (every page, every check, the build): median {statistics.median(tests):.1f} s "
          f"of {RUNS} ({', '.join(f'{t:.1f}' for t in tests)})")
    print("slowest test files (median seconds):")
    for name, seconds in sorted(per_file.items(), key=lambda item: -statistics.median(item[1]))[:25]:
        print(f"  {statistics.median(seconds):7.2f}  {name}")
    print("heaviest built pages (bytes of HTML):")
    for size, name in page_weights()[:10]:
        print(f"  {size:9d}  {name}")


if __name__ == "__main__":
    main()
