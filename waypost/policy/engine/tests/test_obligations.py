"""The bitmask combiner gives exactly the result of the readable reference ``combine``."""

from __future__ import annotations

import random

import pytest

from waypost.policy.engine import Advisory, Approver, DevicePolicy, RuleRef, Then, combine
from waypost.policy.engine.obligations import MaskCombiner, bits


def random_then(rng: random.Random) -> Then:
    def maybe(value: object) -> object:
        return value if rng.random() < 0.5 else None

    return Then(
        advisory=maybe(rng.choice(list(Advisory))),  # type: ignore[arg-type]
        declare_days_before=maybe(rng.choice([0, 7, 14])),  # type: ignore[arg-type]
        approval=tuple(a for a in Approver if rng.random() < 0.4),
        briefing=frozenset(b for b in ("x", "y", "z") if rng.random() < 0.3),
        devices=maybe(rng.choice(list(DevicePolicy))),  # type: ignore[arg-type]
        check_in_every_hours=maybe(rng.choice([12, 24, 48])),  # type: ignore[arg-type]
        debrief_within_days=maybe(rng.choice([3, 7])),  # type: ignore[arg-type]
        debrief_form=frozenset(f for f in ("short", "long") if rng.random() < 0.3),
        notify=frozenset(n for n in ("officer", "ceo") if rng.random() < 0.3),
    )


@pytest.mark.parametrize("seed", range(20))
def test_mask_combiner_agrees_with_reference(seed: int) -> None:
    rng = random.Random(seed)
    rules = [(RuleRef("g", 1, f"r{i}"), random_then(rng)) for i in range(rng.randint(1, 70))]
    combiner = MaskCombiner(rules)
    matched = rng.getrandbits(len(rules))
    chosen = [rules[i] for i in range(len(rules)) if matched >> i & 1]
    assert combiner.combine(matched) == combine(chosen)


def test_no_matched_rules_give_no_obligations() -> None:
    combiner = MaskCombiner([(RuleRef("g", 1, "r"), Then(advisory=Advisory.CAUTION))])
    assert combiner.combine(0) == (Advisory.NONE, (), ())


@pytest.mark.parametrize(
    ("mask", "expected"), [(0, []), (1, [0]), (0b1010, [1, 3]), (1 << 999 | 1, [0, 999])]
)
def test_bits(mask: int, expected: list[int]) -> None:
    assert bits(mask) == expected
