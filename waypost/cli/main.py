"""The ``waypost`` console script: Django's management commands under a friendlier name.

``waypost demo``, ``waypost serve``, ``waypost worker``, ``waypost people import FILE``,
``waypost audit verify`` and every other command live in the apps' ``management/commands``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["waypost", *args])


if __name__ == "__main__":
    main()
