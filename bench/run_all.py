"""`make bench`: run every benchmark in bench/ one after the other and print their figures.

Each benchmark is a standalone script that prints its own result lines and the
machine it ran on; record the figures in docs/benchmarks.md with the command.
Pass names to run only some: `python bench/run_all.py policy_engine`.

`scale_data` (the issue 7 generator, not a benchmark) and `web_speed` (it needs the database that
generator fills, see docs/benchmarks.md) are left out unless named.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Run only when named: they need the scale database of issue 7.
NEEDS_SCALE_DATA = {"scale_data", "web_speed"}


def main(argv: list[str]) -> int:
    scripts = sorted(path for path in HERE.glob("*.py") if path.name != "run_all.py")
    if argv:
        scripts = [path for path in scripts if path.stem in argv]
    else:
        scripts = [path for path in scripts if path.stem not in NEEDS_SCALE_DATA]
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)  # noqa: S603
        elapsed = time.perf_counter() - started
        print(f"--- {script.stem}: exit {result.returncode} after {elapsed:.0f} s", flush=True)
        if result.returncode:
            failed.append(script.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
