"""The count filter: which names can still reach the threshold, computed on sets of names.

A name scores at most :func:`bound_score` given, for each query slot, whether it is
missed or how it is aligned: exactly, with a close or a far spelling, with two entry
tokens read as one, or with an entry initial. :func:`candidate_names` follows these choices slot by slot,
cheapest slot first, intersecting the sets of names that allow each choice
(:class:`~.store.UnitForms`), as long as the bound can still reach the target. It returns a
superset of the names that can pass; the index then scores each of them exactly.
"""

from __future__ import annotations

from .align import ENTRY_MISS_PENALTY, QUALITY_EXPONENT, QUERY_MISS_PENALTY, upper_bound_missing
from .prepared import PreparedName
from .store import LESSER_SIM, FormSet, NameStore, UnitForms, UnitProbe

SMALL_CANDIDATES = 16  # below this many names, the count filter stops refining
MAX_FILTER_STEPS = 256  # recursion budget of the count filter for very long queries


def candidate_names(
    store: NameStore, query: PreparedName, unit_probes: list[UnitProbe], target: float, within: FormSet | None
) -> set[int]:
    """Names that hit enough query slots well enough to possibly reach ``target`` (a superset).

    Each query slot is either missed or aligned in one of five ways, each with the
    names that allow it (:class:`~.store.UnitForms`): exactly, with a close or a far
    spelling, with two entry tokens read as one, or with an entry initial (one initial
    stands for one slot only; ``store`` holds which names have it twice).
    Each way bounds the pair's similarity and the weight of its entry token, so a
    choice of ways bounds the score (:func:`bound_score`). Slots are taken cheapest
    first and each way is followed, intersecting the names, while the bound (with
    the slots not yet decided aligned exactly with the heaviest partner) can still
    reach ``target``; the search stops refining once few names are left.
    """
    slots = query.slots
    n = len(slots)
    slot_units: list[list[int]] = [[] for _ in range(n)]
    slot_cost = [0] * n
    for qi, unit in enumerate(query.units):
        for s in unit.slots:
            slot_units[s].append(qi)
            slot_cost[s] += unit_probes[qi].cost
    weights = [s.weight for s in slots]
    slot_forms: dict[int, UnitForms] = {}

    def forms_of(s: int) -> UnitForms:
        found = slot_forms.get(s)
        if found is None:
            keys = [(query.units[qi].alts, len(query.units[qi].slots) > 1) for qi in slot_units[s]]
            if len(keys) == 1:
                found = store._unit_forms(keys[0], unit_probes[slot_units[s][0]])
            else:
                merged_key = tuple(keys)
                found = store._form_cache.get(merged_key)
                if found is None:
                    found = UnitForms.merge(
                        [
                            store._unit_forms(k, unit_probes[qi])
                            for k, qi in zip(keys, slot_units[s], strict=True)
                        ]
                    )
                    store._cache_forms(merged_key, found)
            slot_forms[s] = found
        return found

    if target <= 0.0:  # a name sharing nothing could pass: every name with a hit
        everything: set[int] = set()
        for s in range(n):
            forms = forms_of(s)
            everything.update(forms.exact, forms.close, forms.far, forms.joined)
            for vid in forms.initials:
                everything.update(store._initial_forms(vid, False))
        return everything if within is None else everything & within
    order = sorted(range(n), key=lambda s: (slot_cost[s], s))
    rest_weight = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        rest_weight[i] = rest_weight[i + 1] + weights[order[i]]
    steps = [0]
    weight_min, weight_max = store._weight_min, store._weight_max

    # Sets of names, each with the largest entry weight their best bound allows.
    leaves: list[tuple[FormSet, float]] = []

    def leaf(i: int, bound: Bound, names: FormSet) -> None:
        # The slots not yet decided may still be aligned, at best exactly with the heaviest partner.
        undecided = n - i
        optimistic = (
            bound[0],
            bound[1] + rest_weight[i] + 2.0 * undecided,
            *bound[2:7],
            bound[7] + 2.0 * undecided,
        )
        leaves.append((names, entry_weight_limit(optimistic, target)))

    def refine(i: int, bound: Bound, used: tuple[int, ...], within: FormSet | None) -> None:
        # ``within`` None stands for every name; it only occurs while every slot so far was missed.
        if within is not None and (len(within) <= SMALL_CANDIDATES or steps[0] >= MAX_FILTER_STEPS):
            leaf(i, bound, within)
            return
        missed, exact, close_low, close_high, close_sim, lesser_low, lesser_high, entry = bound
        if bound_score(missed + rest_weight[i], *bound[1:]) >= target:
            # The remaining slots may all be missed. Unreachable with ``within`` None,
            # since missing every slot was not enough.
            if within is not None:
                leaf(i, bound, within)
            return
        steps[0] += 1
        s, w = order[i], weights[order[i]]
        forms = forms_of(s)
        rest = rest_weight[i + 1] + 2.0 * (n - i - 1)  # later slots, aligned the best way
        # Each way: the bound after it, the initials used, the names allowing it (None: all).
        ways: list[tuple[Bound, tuple[int, ...], FormSet | None]] = []
        if forms.exact:
            high = forms.exact_weight
            way = (missed, exact + w + high, *bound[2:7], entry + high)
            ways.append((way, used, forms.exact))
        if forms.joined:
            high = forms.joined_weight
            way = (missed, exact + w + high, *bound[2:7], entry + high)
            ways.append((way, used, forms.joined))
        if forms.close:
            high = forms.close_weight
            sim = max(close_sim, forms.close_sim)
            way = (
                missed,
                exact,
                close_low + w,
                close_high + w + high,
                sim,
                lesser_low,
                lesser_high,
                entry + high,
            )
            ways.append((way, used, forms.close))
        if forms.far:
            high = forms.far_weight
            way = (*bound[:5], lesser_low + w, lesser_high + w + high, entry + high)
            ways.append((way, used, forms.far))
        for vid in forms.initials:
            high = weight_max[vid]
            way = (*bound[:5], lesser_low + w + weight_min[vid], lesser_high + w + high, entry + high)
            ways.append((way, (*used, vid), store._initial_forms(vid, vid in used)))
        ways.append(((missed + w, *bound[1:]), used, None))
        for way, way_used, names in ways:
            if bound_score(way[0], way[1] + rest, *way[2:]) < target:
                continue
            if names is None:
                narrowed = within
            else:
                narrowed = names if within is None else _intersect(within, names)
                if not narrowed:
                    continue
            refine(i + 1, way, way_used, narrowed)

    refine(0, (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), (), within)
    totals, heaviest = store._form_total, store._heaviest
    out: set[int] = set()
    for names, limit in leaves:
        if limit >= heaviest:
            out.update(names)
        else:
            out.update(f for f in names if totals[f] <= limit)
    return out


# An upper bound of the name score in the making (see :func:`bound_score`): the weight of the
# query slots missed, pair weights by kind of pair, and the most entry weight the pairs cover.
Bound = tuple[float, float, float, float, float, float, float, float]


def bound_score(
    missed: float,
    exact: float,
    close_low: float,
    close_high: float,
    close_sim: float,
    lesser_low: float,
    lesser_high: float,
    entry: float = 0.0,
) -> float:
    """The best name score possible with these query slots missed and these pairs aligned.

    Pair weights (query slot weight plus entry token weight) are summed per kind of pair:
    ``exact`` pairs (similarity 1) at their most, ``close`` pairs (similarity at most
    ``close_sim``) and ``lesser`` pairs (initials and far spellings, at most
    :data:`LESSER_SIM`) between their least and their most. Coverage is highest with every
    pair at its most; quality, a weighted mean, with each of the two lower kinds at its
    least or its most. (``entry`` is used by :func:`entry_weight_limit`.)
    """
    matched = exact + close_high + lesser_high
    if matched <= 0.0:
        return 0.0
    return _quality(exact, close_low, close_high, close_sim, lesser_low, lesser_high) ** QUALITY_EXPONENT * (
        upper_bound_missing(missed, matched, 0.0)
    )


def _quality(
    exact: float, close_low: float, close_high: float, close_sim: float, lesser_low: float, lesser_high: float
) -> float:
    if close_high <= 0.0 and lesser_high <= 0.0:
        return 1.0
    quality = 0.0
    for close in (close_low, close_high):
        for lesser in (lesser_low, lesser_high):
            weight = exact + close + lesser
            if weight > 0.0:
                quality = max(quality, (exact + close_sim * close + LESSER_SIM * lesser) / weight)
    return quality


def entry_weight_limit(bound: Bound, target: float) -> float:
    """The heaviest entry name (total slot weight) that can still reach ``target`` under ``bound``.

    Entry tokens left over cost :data:`~.align.ENTRY_MISS_PENALTY` each, and the pairs
    cover at most ``bound[7]`` of the entry's weight.
    """
    missed, exact, close_low, close_high, close_sim, lesser_low, lesser_high, entry = bound
    matched = exact + close_high + lesser_high
    if matched <= 0.0:
        return -1.0
    quality = _quality(exact, close_low, close_high, close_sim, lesser_low, lesser_high)
    slack = quality**QUALITY_EXPONENT * matched / target - matched - QUERY_MISS_PENALTY * missed
    return entry + slack / ENTRY_MISS_PENALTY


def _intersect(a: FormSet, b: FormSet) -> FormSet:
    return a & b if len(a) <= len(b) else b & a
