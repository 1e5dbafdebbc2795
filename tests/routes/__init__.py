"""Access declarations for the permission matrix, one module per area.

Each module defines ``ROUTES``: route name → (kwargs builder, method, expected status per persona),
built with the helpers in :mod:`tests.routes.common`. ``tests/test_permission_matrix.py`` merges them.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def collected_routes() -> dict[str, Any]:
    routes: dict[str, Any] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        overlap = set(routes) & set(module.ROUTES)
        assert not overlap, f"routes declared twice: {sorted(overlap)}"
        routes.update(module.ROUTES)
    return routes
