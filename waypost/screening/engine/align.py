"""Order-free alignment of two prepared names and the name score.

Pairs of units (see :mod:`.prepared`) with a similarity are taken greedily, best
first, each slot used at most once. The name score multiplies two parts:

* **quality**: the weighted mean similarity of the aligned pairs, squared, so
  that two fuzzy tokens ("Joan Smythe" for "John Smith") count much less than two
  exact ones;
* **coverage**: aligned weight over aligned weight plus a penalty for each token
  left over. A query token with no partner costs its full weight (the list name
  lacks something the subject has); a list token with no partner costs half
  (lists often add patronymics and middle names the subject omits).

Token weights come from the token's role: initials, particles ("al", "van") and
generic organisation words ("technology") weigh less than distinctive names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .prepared import PreparedName
from .similarity import token_sim

QUERY_MISS_PENALTY = 1.0
ENTRY_MISS_PENALTY = 0.6
QUALITY_EXPONENT = 2.0
MAX_ENTRY_WEIGHT_PER_QUERY_SLOT = 2.0  # a joined pair of entry slots against one query slot


@dataclass(frozen=True, slots=True)
class Hit:
    """A similarity between one query unit and one entry unit, via two spellings."""

    sim: float
    q_unit: int
    c_unit: int
    q_alt: str
    c_alt: str
    method: str


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    quality: float
    coverage: float
    pairs: tuple[Hit, ...]
    unmatched_query: tuple[int, ...]
    unmatched_entry: tuple[int, ...]


NO_MATCH = NameScore(0.0, 0.0, 0.0, (), (), ())


def unit_hits(query: PreparedName, entry: PreparedName) -> list[Hit]:
    """Every unit pair with a similarity, computed directly (the brute-force path)."""
    hits: list[Hit] = []
    for qi, qu in enumerate(query.units):
        q_join = len(qu.slots) > 1
        for ci, cu in enumerate(entry.units):
            if q_join and len(cu.slots) > 1:
                continue
            best = (0.0, "", "", "")
            for a in qu.alts:
                for b in cu.alts:
                    sim, method = token_sim(a, b)
                    if sim > best[0]:
                        best = (sim, a, b, method)
            if best[0] > 0.0:
                hits.append(Hit(best[0], qi, ci, best[1], best[2], best[3]))
    return hits


def score_hits(query: PreparedName, entry: PreparedName, hits: Iterable[Hit]) -> NameScore:
    """Align greedily and score. The same hits give the same score on every path."""
    q_units, c_units = query.units, entry.units
    ordered = sorted(
        hits,
        key=lambda h: (-h.sim, -(q_units[h.q_unit].weight + c_units[h.c_unit].weight), h.q_unit, h.c_unit),
    )
    q_used: set[int] = set()
    c_used: set[int] = set()
    chosen: list[Hit] = []
    matched = weighted = 0.0
    for hit in ordered:
        qs, cs = q_units[hit.q_unit].slots, c_units[hit.c_unit].slots
        if any(s in q_used for s in qs) or any(s in c_used for s in cs):
            continue
        q_used.update(qs)
        c_used.update(cs)
        chosen.append(hit)
        w = q_units[hit.q_unit].weight + c_units[hit.c_unit].weight
        matched += w
        weighted += w * hit.sim
    if not chosen:
        return NO_MATCH
    q_left = tuple(i for i in range(len(query.slots)) if i not in q_used)
    c_left = tuple(i for i in range(len(entry.slots)) if i not in c_used)
    miss = QUERY_MISS_PENALTY * sum(query.slots[i].weight for i in q_left)
    miss += ENTRY_MISS_PENALTY * sum(entry.slots[i].weight for i in c_left)
    quality = weighted / matched
    coverage = matched / (matched + miss)
    score = quality**QUALITY_EXPONENT * coverage
    return NameScore(score, quality, coverage, tuple(chosen), q_left, c_left)


def score_names(query: PreparedName, entry: PreparedName) -> NameScore:
    return score_hits(query, entry, unit_hits(query, entry))


def upper_bound_missing(missing_weight: float, kept_weight: float, kept_slots: int) -> float:
    """The best score an entry can reach if the query slots weighing ``missing_weight`` find no partner.

    Used by the index to decide which query tokens it may skip when generating
    candidates: an entry sharing nothing with the others cannot reach the threshold.
    """
    matched = kept_weight + MAX_ENTRY_WEIGHT_PER_QUERY_SLOT * kept_slots
    if matched <= 0.0:
        return 0.0
    return matched / (matched + QUERY_MISS_PENALTY * missing_weight)
