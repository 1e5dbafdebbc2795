"""Playwright driving Debian's chromium (never a downloaded browser).

Tests here are marked ``browser`` and skip with a clear message where
/usr/bin/chromium is absent; CI installs it.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Sync Playwright runs an event loop in the test thread; ORM calls there need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not os.path.exists(CHROMIUM):
                item.add_marker(
                    pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
