"""How alike two spellings are, and the blocking keys that decide which pairs are compared at all.

Two spellings are compared only if they share a *key* (see :func:`index_keys`):

* ``d`` keys: the spelling and, for four letters or more, every spelling with one
  letter deleted. Two spellings share one when they differ by one edit or one swap
  of neighbouring letters ("Abdulhai"/"Abdulhia").
* ``m`` keys: the Metaphone code, for spellings that sound alike but differ more
  ("Mohammed"/"Muhamad").
* ``k`` keys: the consonant skeleton, which is how Arabic and Hebrew script is
  compared with Latin spellings.
* ``i``/``I`` keys: an initial ("J.") meets every spelling starting with its letter.

The index finds candidates through the same keys, so the index and the brute-force
scan agree exactly: a pair without a shared key scores 0 in both.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA

from .translit import SKELETON_MARK, latin_skeleton
from .translit.transcription import MIN_KEY, TRANSCRIPTION_MARK, key_deletions, key_len, latin_key

PAIR_MIN = 0.6  # below this, two spellings are not the same token
PHONETIC_LIFT = 0.5  # sounding alike closes this share of the gap to 1
INITIAL_SIM = 0.85  # "J" against "John"
SKELETON_CAP = 0.88  # a consonant skeleton never proves more than this
# A Chinese transcription with the same sound key as a Latin spelling. A name resting on one
# key of only three consonant classes is held below what a one-word name needs by a check of
# the name score (align.ONE_SHORT_KEY_FACTOR), not here: two such words confirm each other.
TRANSCRIPTION_SIM = 0.9
# ... with one sound more (Tom -> tang-mu); when only three classes are left, only an added
# nasal counts (Donald -> tang-na-de, TNNT): any other added class would let a three-class
# Latin key meet too many transcriptions (Gardner ~ 卡斯特纳).
TRANSCRIPTION_NEAR_SIM = 0.8


@lru_cache(maxsize=1 << 16)
def metaphone(token: str) -> str:
    return jellyfish.metaphone(token) if token.isalpha() else ""


@lru_cache(maxsize=1 << 16)
def nysiis(token: str) -> str:
    return jellyfish.nysiis(token)


@lru_cache(maxsize=1 << 16)
def skeleton(token: str) -> str:
    return latin_skeleton(token) if token.isalpha() else ""


def _plain_keys(s: str) -> list[str]:
    keys = ["d" + s]
    tkey = latin_key(s)
    if len(s) >= 4:
        keys.extend("d" + s[:i] + s[i + 1 :] for i in range(len(s)))
    if len(s) >= 3:
        code = metaphone(s)
        if len(code) >= 2:
            keys.append("m" + code)
    skel = skeleton(s)
    if len(skel) >= 2:
        keys.append("k" + skel)
    if key_len(tkey) >= MIN_KEY:
        keys.append("t" + tkey)  # met by Chinese transcriptions only (their "T" keys below)
    return keys


def _transcription_keys(s: str, mark: str) -> tuple[str, ...]:
    key = s[1:]
    return tuple(mark + k for k in (key, *key_deletions(key)) if key_len(k) >= MIN_KEY)


@lru_cache(maxsize=1 << 13)
def index_keys(s: str) -> tuple[str, ...]:
    """Keys under which the index files spelling ``s``.

    A Latin spelling's sound key is filed as ``t``, a transcription's as ``T`` (and probed
    the other way round), so that Latin spellings never meet each other, nor two
    transcriptions each other, through these coarse keys.
    """
    if s.startswith(SKELETON_MARK):
        return ("k" + s[1:],)
    if s.startswith(TRANSCRIPTION_MARK):
        return _transcription_keys(s, "T")
    if len(s) == 1:
        return ("d" + s, "I" + s)
    return tuple(dict.fromkeys([*_plain_keys(s), "i" + s[0]]))


@lru_cache(maxsize=1 << 13)
def probe_keys(s: str) -> tuple[str, ...]:
    """Keys a query spelling ``s`` looks up; ``probe_keys(a) ∩ index_keys(b)`` is symmetric."""
    if s.startswith(SKELETON_MARK):
        return ("k" + s[1:],)
    if s.startswith(TRANSCRIPTION_MARK):
        return _transcription_keys(s, "t")
    if len(s) == 1:
        return ("d" + s, "i" + s)
    return tuple(dict.fromkeys([("T" + k[1:]) if k[0] == "t" else k for k in _plain_keys(s)] + ["I" + s[0]]))


@lru_cache(maxsize=1 << 13)
def _probe_set(s: str) -> frozenset[str]:
    return frozenset(probe_keys(s))


def gated(a: str, b: str) -> bool:
    """Whether two spellings share a key, i.e. are compared at all."""
    return not _probe_set(a).isdisjoint(index_keys(b))


@lru_cache(maxsize=1 << 16)
def token_sim(a: str, b: str) -> tuple[float, str]:
    """``(similarity, method)`` of two spellings; ``(0.0, "")`` below :data:`PAIR_MIN`.

    Edit similarity (optimal string alignment: a swap of neighbours is one edit) is the base.
    Sounding alike (Metaphone or NYSIIS) closes half
    the gap to 1, enough for "Mohammed"/"Muhamad" but not for "John"/"Joan" to count
    as identical. Initials match the first letter. A consonant skeleton (from Arabic
    or Hebrew script) is compared with the other side's skeleton and capped, since it
    drops all vowels.
    """
    if a == b:
        # Two transcriptions are never compared by their coarse keys (see index_keys).
        return (0.0, "") if a[0] == TRANSCRIPTION_MARK else (1.0, "exact")
    if not gated(a, b):
        return 0.0, ""
    return gated_sim(a, b)


def gated_sim(a: str, b: str) -> tuple[float, str]:
    """:func:`token_sim` of two different spellings already known to share a key (the index's probe)."""
    a_tr, b_tr = a[0] == TRANSCRIPTION_MARK, b[0] == TRANSCRIPTION_MARK
    if a_tr or b_tr:
        return _transcription_sim(a, b, a_tr, b_tr)
    a_skel, b_skel = a[0] == SKELETON_MARK, b[0] == SKELETON_MARK
    if a_skel and b_skel:
        return 0.0, ""  # both native script: their plain spellings are compared instead
    if a_skel or b_skel:
        sa = a[1:] if a_skel else skeleton(a)
        sb = b[1:] if b_skel else skeleton(b)
        if not sa or not sb:
            return 0.0, ""
        sim = SKELETON_CAP * OSA.normalized_similarity(sa, sb)
        return (sim, "skeleton") if sim >= PAIR_MIN else (0.0, "")
    if len(a) == 1 or len(b) == 1:
        return (INITIAL_SIM, "initial") if a[0] == b[0] else (0.0, "")
    sim = OSA.normalized_similarity(a, b)
    method = "edit"
    ma, mb = metaphone(a), metaphone(b)
    if (ma and ma == mb) or (min(len(a), len(b)) >= 4 and nysiis(a) == nysiis(b)):
        sim += (1.0 - sim) * PHONETIC_LIFT
        method = "phonetic"
    return (sim, method) if sim >= PAIR_MIN else (0.0, "")


def _nasal_added(key: str, latin: str) -> bool:
    """Whether ``latin`` is ``key`` with one N left out."""
    return any(key[i] == "N" and key[:i] + key[i + 1 :] == latin for i in range(len(key)))


def _transcription_sim(a: str, b: str, a_tr: bool, b_tr: bool) -> tuple[float, str]:
    """A Chinese transcription's sound key against a Latin spelling's (see :mod:`.translit.transcription`)."""
    if a_tr == b_tr:
        return 0.0, ""
    key, other = (a[1:], b) if a_tr else (b[1:], a)
    if other[0] == SKELETON_MARK:
        return 0.0, ""
    latin = latin_key(other)
    if key_len(latin) < MIN_KEY:
        return 0.0, ""
    if latin == key:
        return TRANSCRIPTION_SIM, "transcription"
    if latin in key_deletions(key) and (key_len(latin) > MIN_KEY or _nasal_added(key, latin)):
        return TRANSCRIPTION_NEAR_SIM, "transcription"
    return 0.0, ""
