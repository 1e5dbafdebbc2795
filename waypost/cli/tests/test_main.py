"""The ``waypost`` console script runs Django's management commands under its own name."""

from __future__ import annotations

from typing import Any

import django
import pytest

from waypost.cli.main import main


def test_console_script_runs_a_management_command(capsys: Any) -> None:
    """``waypost version`` reaches Django's command runner and prints its version."""
    # when
    main(["version"])
    # then
    assert capsys.readouterr().out.strip() == django.get_version()


def test_console_script_reports_an_unknown_command(capsys: Any) -> None:
    """An unknown command exits non-zero and names itself as ``waypost``."""
    # when
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    # then
    assert exit_info.value.code != 0
    assert "Unknown command: 'no-such-command'" in capsys.readouterr().err
