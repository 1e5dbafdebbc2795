"""``manage.py audit verify`` (``waypost audit verify``)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command


def test_intact_chain_exits_zero(chain: Any) -> None:
    """On an intact chain the command succeeds and says how many events it checked."""
    # given
    chain(3)
    stdout = io.StringIO()
    # when
    call_command("audit", "verify", stdout=stdout)
    # then
    assert "intact: 3 events verified" in stdout.getvalue()


def test_tampered_chain_exits_one_naming_the_event(chain: Any, tamperer: Any) -> None:
    """On a tampered chain the command exits 1 and names the first bad event on stderr."""
    # given
    chain(4)
    tamperer.edit(2, target_label="rewritten")
    stdout, stderr = io.StringIO(), io.StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=stdout, stderr=stderr)
    # then
    assert exit_info.value.code == 1
    assert "BROKEN at event #2" in stderr.getvalue()
    assert "intact" not in stdout.getvalue()


def test_json_output_names_the_first_bad_event(chain: Any, tamperer: Any) -> None:
    """``--json`` prints a machine-readable verdict and still exits 1."""
    # given
    chain(3)
    tamperer.delete(2)
    stdout = io.StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--json", stdout=stdout)
    # then
    assert exit_info.value.code == 1
    verdict = json.loads(stdout.getvalue())
    assert verdict["intact"] is False
    assert verdict["first_bad_event"] == 3
    assert verdict["checked"] == 1
