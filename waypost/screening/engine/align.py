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

Two names whose numbers all differ ("20 … Plant" / "150 … Plant") lose a quarter of
their score, and so does a pair in which one name's distinctive words (names, not
generic organisation words, initials or particles) are all left over. A name resting on
one Chinese transcription met by a three-class sound key is held below 0.8 on its own. A Korean
syllable pairs only with one of its own spellings: 영 is yeong or yong, and pyong
one letter away is another syllable.

Token weights come from the token's role: initials, particles ("al", "van") and
generic organisation words ("technology") weigh less than distinctive names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .prepared import PreparedName
from .similarity import SKELETON_CAP, TRANSCRIPTION_SIM, token_sim
from .translit.transcription import MIN_KEY, TRANSCRIPTION_MARK, key_len, latin_key

QUERY_MISS_PENALTY = 1.0
ENTRY_MISS_PENALTY = 0.6
QUALITY_EXPONENT = 2.0
# Two names that both carry numbers, none of them shared, name different things
# ("20 Aircraft Repair Plant" / "150 Aircraft Repair Plant", "Fund 8" / "Fund 9").
NUMBER_MISMATCH_FACTOR = 0.75
# A name with distinctive words none of which is aligned matched on generic words only
# ("Scientific Research Institute Giricond" / "Научно-исследовательский институт двигателей").
GENERIC_ONLY_FACTOR = 0.75
# One person's name is the other's without its first given name, read one name further on:
# "Uday Saddam Hussein al-Tikriti" and "Saddam Hussein al-Tikriti" are son and father in
# the chain of names Arabic and many other naming customs use.
RELATIVE_FACTOR = 0.85
# A name that rests on one Chinese transcription matched by a sound key of three consonant
# classes (斯凯迪奥 ~ Skadi): such a key is shared by many Latin words, so it is held, like a
# consonant skeleton, below what a one-word name needs (the factor brings 0.9² to 0.88²).
# Two such words in one name (卡森·布朗 ~ Carson Brown) confirm each other and keep 0.9 each.
ONE_SHORT_KEY_FACTOR = (SKELETON_CAP / TRANSCRIPTION_SIM) ** 2


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
    failed_checks: tuple[str, ...] = ()


NO_MATCH = NameScore(0.0, 0.0, 0.0, (), (), ())


# A hit before alignment: (similarity, query unit, entry unit, query spelling, entry spelling, method).
# Plain tuples, because the index builds thousands of them per query; :class:`Hit` is made
# only for the pairs that end up in an explanation.
RawHit = tuple[float, int, int, str, str, str]


def unit_hits(query: PreparedName, entry: PreparedName) -> list[RawHit]:
    """Every unit pair with a similarity, computed directly (the brute-force path).

    Two joined units are never paired (each side would then skip a word boundary), and
    a joined unit never matches an initial: "S." stands for one word, not two.

    For each pair of units the best pair of spellings wins; on equal similarity the
    query's earlier spelling, then the entry's earlier spelling.
    """
    hits: list[RawHit] = []
    for qi, qu in enumerate(query.units):
        q_join = len(qu.slots) > 1
        for ci, cu in enumerate(entry.units):
            c_join = len(cu.slots) > 1
            if q_join and c_join:
                continue
            best = (0.0, "", "", "")
            for a in qu.alts:
                for b in cu.alts:
                    sim, method = token_sim(a, b)
                    if sim > best[0] and not (method == "initial" and (q_join or c_join)):
                        best = (sim, a, b, method)
            if best[0] > 0.0:
                hits.append((best[0], qi, ci, best[1], best[2], best[3]))
    return hits


def align_score(query: PreparedName, entry: PreparedName, hits: list[RawHit]) -> float:
    """The name score of :func:`score_hits`, without building the explanation (the index's hot path)."""
    return _align(query, entry, hits)[0]


def coverage_bound(query: PreparedName, entry: PreparedName, q_hit: int, c_hit: int) -> float:
    """The best coverage any alignment can reach when only the slots in the bit sets can be aligned."""
    matched = miss = 0.0
    for i, w in enumerate(query.slot_weights):
        if q_hit >> i & 1:
            matched += w
        else:
            miss += w
    entry_miss = 0.0
    for i, w in enumerate(entry.slot_weights):
        if c_hit >> i & 1:
            matched += w
        else:
            entry_miss += w
    total = matched + QUERY_MISS_PENALTY * miss + ENTRY_MISS_PENALTY * entry_miss
    return matched / total if total > 0.0 else 0.0


def _align(
    query: PreparedName, entry: PreparedName, hits: list[RawHit]
) -> tuple[float, float, float, list[RawHit], int, int, tuple[str, ...]]:
    q_units, c_units = query.units, entry.units
    if len(hits) > 1:
        hits = sorted(
            hits,
            key=lambda h: (-h[0], -(q_units[h[1]].weight + c_units[h[2]].weight), h[1], h[2]),
        )
    q_used = c_used = 0
    chosen: list[RawHit] = []
    matched = weighted = 0.0
    for hit in hits:
        q_unit, c_unit = q_units[hit[1]], c_units[hit[2]]
        if q_used & q_unit.mask or c_used & c_unit.mask:
            continue
        if hit[0] < 1.0 and (q_unit.exact_only or c_unit.exact_only):
            continue
        q_used |= q_unit.mask
        c_used |= c_unit.mask
        chosen.append(hit)
        w = q_unit.weight + c_unit.weight
        matched += w
        weighted += w * hit[0]
    if not chosen:
        return 0.0, 0.0, 0.0, chosen, q_used, c_used, ()
    miss = QUERY_MISS_PENALTY * sum(w for i, w in enumerate(query.slot_weights) if not q_used >> i & 1)
    miss += ENTRY_MISS_PENALTY * sum(w for i, w in enumerate(entry.slot_weights) if not c_used >> i & 1)
    quality = weighted / matched
    coverage = matched / (matched + miss)
    score = quality**QUALITY_EXPONENT * coverage
    checks = failed_checks(query, entry, chosen, q_used, c_used)
    for check in checks:
        score *= CHECK_FACTORS[check]
    return score, quality, coverage, chosen, q_used, c_used, checks


CHECK_FACTORS: dict[str, float] = {
    "numbers differ": NUMBER_MISMATCH_FACTOR,
    "a relative": RELATIVE_FACTOR,
    "generic words only": GENERIC_ONLY_FACTOR,
    "one short sound key": ONE_SHORT_KEY_FACTOR,
}


def failed_checks(
    query: PreparedName, entry: PreparedName, chosen: list[RawHit], q_used: int, c_used: int
) -> tuple[str, ...]:
    """The checks an alignment fails, each a factor on the score (see :data:`CHECK_FACTORS`)."""
    failed: list[str] = []
    if query.numbers and entry.numbers and query.numbers.isdisjoint(entry.numbers):
        failed.append("numbers differ")
    if (
        query.person is not False
        and entry.person is not False
        and _shifted_by_one(query, entry, chosen, q_used, c_used)
    ):
        failed.append("a relative")
    if _generic_only(query, entry, q_used, c_used):
        failed.append("generic words only")
    if _one_short_key(query, entry, chosen):
        failed.append("one short sound key")
    return tuple(failed)


def _one_short_key(query: PreparedName, entry: PreparedName, chosen: list[RawHit]) -> bool:
    """Whether the only pair of distinctive words is a transcription met by a three-class sound key."""
    if all(hit[5] != "transcription" for hit in chosen):  # the usual case, decided cheaply
        return False
    strong = [
        hit
        for hit in chosen
        if query.units[hit[1]].mask & query.strong_mask or entry.units[hit[2]].mask & entry.strong_mask
    ]
    if len(strong) != 1 or strong[0][5] != "transcription":
        return False
    q_alt, c_alt = strong[0][3], strong[0][4]
    latin = c_alt if q_alt[:1] == TRANSCRIPTION_MARK else q_alt
    return key_len(latin_key(latin)) <= MIN_KEY


def _shifted_by_one(
    query: PreparedName, entry: PreparedName, chosen: list[RawHit], q_used: int, c_used: int
) -> bool:
    """Whether one name's first name is left over while the other's first name meets its second.

    Only distinctive slots count as names here (not the article in الطيب, al-Tayeb).
    """
    if len(chosen) < 2 or min(query.strong_mask.bit_count(), entry.strong_mask.bit_count()) < 3:
        return False  # a chain of names, not "Boris Johnson" for "Alexandre Boris Johnson"
    q_first, q_second = _first_two(query.strong_mask)
    c_first, c_second = _first_two(entry.strong_mask)
    if not (q_second and c_second):
        return False
    q_units, c_units = query.units, entry.units
    for hit in chosen:
        q_mask, c_mask = q_units[hit[1]].mask, c_units[hit[2]].mask
        if q_mask & q_first and not c_used & c_first and c_mask & c_second:
            return True
        if c_mask & c_first and not q_used & q_first and q_mask & q_second:
            return True
    return False


def _generic_only(query: PreparedName, entry: PreparedName, q_used: int, c_used: int) -> bool:
    """Whether the pair rests on generic words: one name's distinctive words are all left over,
    or neither name has one aligned and something is left over ("Scientific Research
    Institute" for "Scientific Research Institute of Engines")."""
    q_strong, c_strong = query.strong_mask, entry.strong_mask
    if (q_strong and not q_used & q_strong) or (c_strong and not c_used & c_strong):
        return True
    if q_used & q_strong or c_used & c_strong:
        return False
    return q_used != (1 << len(query.slots)) - 1 or c_used != (1 << len(entry.slots)) - 1


def _first_two(mask: int) -> tuple[int, int]:
    """The lowest and the second lowest bit of a bit set (0 when absent)."""
    first = mask & -mask
    rest = mask ^ first
    return first, rest & -rest


def score_hits(query: PreparedName, entry: PreparedName, hits: Iterable[RawHit]) -> NameScore:
    """Align greedily and score. The same hits give the same score on every path.

    Pairs are taken best similarity first (then heavier pairs, then query order), each
    slot at most once.
    """
    score, quality, coverage, chosen, q_used, c_used, checks = _align(query, entry, list(hits))
    if not chosen:
        return NO_MATCH
    return NameScore(
        score,
        quality,
        coverage,
        tuple(Hit(*h) for h in chosen),
        tuple(i for i in range(len(query.slots)) if not q_used >> i & 1),
        tuple(i for i in range(len(entry.slots)) if not c_used >> i & 1),
        checks,
    )


def score_names(query: PreparedName, entry: PreparedName) -> NameScore:
    return score_hits(query, entry, unit_hits(query, entry))


def upper_bound_missing(missing_weight: float, kept_weight: float, entry_weight: float) -> float:
    """The best score a name can reach when query slots weighing ``missing_weight`` find no partner.

    ``kept_weight`` is the weight of the query slots that do, and ``entry_weight`` the
    most entry weight their partners can have: at most 1 per slot aligned with one entry
    token, 2 with a joined pair of entry tokens (slot weights are at most 1). Quality and
    entry tokens left over can only lower the score. The index uses this to skip names
    that miss too much of the query.
    """
    matched = kept_weight + entry_weight
    if matched <= 0.0:
        return 0.0
    return matched / (matched + QUERY_MISS_PENALTY * missing_weight)
