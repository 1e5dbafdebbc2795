"""From a name as written to a list of token slots: clean, fold, strip and transliterate.

Steps, in order:

1. Unicode NFKC (full-width letters, ligatures, ``㈜``), drop control and format
   characters (zero-width joiners, bidi marks), case-fold.
2. Fix look-alike letters inside words that mix Cyrillic and Latin (``Сергiй``).
3. Remove legal forms and honorifics written in other scripts (``有限公司``, ``ООО``,
   ``先生``), remembering them.
4. Split into script runs; transliterate non-Latin runs (:mod:`.translit`).
5. For Latin runs: fold diacritics, join dotted legal forms (``S.A.``), split on
   punctuation, drop leading honorifics and trailing suffixes (``Dr``, ``Jr``), drop
   legal forms (``Co., Ltd.``), and join Arabic "Abd al-" compounds.

Removed words never make two names differ, but are kept for the explanation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from . import lexicon
from . import scripts as sc
from .translit import RawSlot, dedupe, latin_variants, transliterate_run

_HOMOGLYPHS_TO_CYRILLIC = str.maketrans("aceiopxykĸthmb", "асеіорхукктнмв")
_APOSTROPHES = str.maketrans("", "", "'’ʼ`ʻ‘´")
_DOTTED = re.compile(r"(?<![a-z0-9])((?:[a-z]\.\s?){2,})")
_CJK_NATIVE = tuple(
    f for f in lexicon.LEGAL_FORMS_NATIVE if sc.char_script(f[0]) in (sc.HAN, sc.HANGUL, sc.COMMON)
)
_WORD_NATIVE = tuple(f for f in lexicon.LEGAL_FORMS_NATIVE if f not in _CJK_NATIVE)
_WORD_NATIVE_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(f) for f in sorted(_WORD_NATIVE, key=len, reverse=True)) + r")(?!\w)"
)
_HONORIFIC_CJK = tuple(h for h in lexicon.HONORIFICS_NATIVE if sc.char_script(h[0]) == sc.HAN)
_HONORIFIC_WORD_RE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(h) for h in lexicon.HONORIFICS_NATIVE if h not in _HONORIFIC_CJK)
    + r")(?!\w)"
)
_LEGAL_SEQUENCES: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(f.split()) for f in lexicon.LEGAL_FORMS_LATIN), key=len, reverse=True)
)
# The same sequences filed by their first word (longest first), so a token is checked only
# against the legal forms that could start with it.
_LEGAL_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(seq for seq in _LEGAL_SEQUENCES if seq[0] == first)
    for first in {s[0] for s in _LEGAL_SEQUENCES}
}
_SUFFIX_HONORIFICS = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "junior", "senior"})
_ABD_GLUED = re.compile(r"^abd(?:ul|el|al|ol|oul|il|u)?([a-z]{3,})$")
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
# Word breaks in Latin text: anything but letters, digits and combining marks ("i̇" of "İ" casefolded).
_WORD_BREAK = re.compile(r"[^\w\u0300-\u036f]+|_")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A name broken into slots, with what was removed on the way."""

    slots: tuple[RawSlot, ...]
    scripts: tuple[str, ...]
    legal_forms: tuple[str, ...]
    honorifics: tuple[str, ...]


def clean(text: str) -> str:
    """NFKC, control and format characters to spaces, case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if not (text.isascii() and text.isprintable()):
        text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.casefold().split())


def _fix_homoglyphs(text: str) -> str:
    if text.isascii():
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        found = {sc.char_script(ch) for ch in word}
        if sc.CYRILLIC in found and sc.LATIN in found:
            # Stress marks and accents typed on a Latin look-alike ("ЛИСÓВСКИЙ") go first.
            bare = "".join(
                unicodedata.normalize("NFD", ch)[0] if sc.char_script(ch) == sc.LATIN else ch for ch in word
            )
            words[i] = bare.translate(_HOMOGLYPHS_TO_CYRILLIC)
        elif (
            len(word) == 1
            and found == {sc.LATIN}
            and 0 < i < len(words) - 1
            and all(sc.CYRILLIC in {sc.char_script(ch) for ch in w} for w in (words[i - 1], words[i + 1]))
        ):
            # "Общество C Ограниченной": a lone look-alike letter between Cyrillic words.
            words[i] = word.translate(_HOMOGLYPHS_TO_CYRILLIC)
    return " ".join(words)


def _strip_native(text: str, legal: list[str], honorifics: list[str]) -> str:
    for form in _CJK_NATIVE:
        if form in text and text.replace(form, "").strip():
            legal.append(form)
            text = text.replace(form, " ")
    for regex, sink in ((_WORD_NATIVE_RE, legal), (_HONORIFIC_WORD_RE, honorifics)):
        found = regex.findall(text)
        if found and regex.sub(" ", text).strip():
            sink.extend(found)
            text = regex.sub(" ", text)
    for hon in _HONORIFIC_CJK:
        if text.endswith(hon) and len(text) > len(hon):
            honorifics.append(hon)
            text = text[: -len(hon)]
    return text


def _join_dotted(run: str, *, organisation: bool) -> str:
    """Join dotted legal forms ("S.A." -> "sa") in organisation names, or at the end of any name.

    In a person's name the same letters are initials ("S. A. Boyer").
    """

    def repl(m: re.Match[str]) -> str:
        letters = re.sub(r"[^a-z]", "", m.group(1))
        if letters not in lexicon.DOTTED_LEGAL_FORMS:
            return m.group(1)
        at_end = not run[m.end() :].strip(" .,;()")
        if organisation or (at_end and run[: m.start()].strip()):
            return letters + " "
        return m.group(1)

    return _DOTTED.sub(repl, run)


def _latin_tokens(run: str, *, organisation: bool) -> list[tuple[str, str]]:
    """``(folded, as_written)`` pairs for a Latin run; diacritics folded, punctuation splits."""
    run = _join_dotted(run.translate(_APOSTROPHES), organisation=organisation)
    out: list[tuple[str, str]] = []
    for written in _WORD_BREAK.split(run):
        if written:
            folded = "".join(ch for ch in anyascii(written).lower() if ch.isalnum())
            if folded:
                out.append((folded, written))
    return out


def _strip_legal_forms(tokens: list[tuple[str, str]], removed: list[str]) -> list[tuple[str, str]]:
    words = [t for t, _ in tokens]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        for seq in _LEGAL_BY_FIRST.get(words[i], ()):
            n = len(seq)
            if tuple(words[i : i + n]) != seq:
                continue
            if i == 0:
                if " ".join(seq) not in lexicon.LEGAL_FORMS_LEADING or n == len(words):
                    continue  # few legal forms open a name ("OOO Gazprom", but "Co-op Bank")
            elif n == 1 and seq[0] in lexicon.LEGAL_FORMS_END_ONLY and i + n != len(words):
                continue
            keep[i : i + n] = [False] * n
            removed.append(" ".join(seq))
            i += n - 1
            break
        i += 1
    if not any(keep):
        return tokens
    return [tok for tok, k in zip(tokens, keep, strict=True) if k]


def _strip_honorifics(tokens: list[tuple[str, str]], removed: list[str]) -> list[tuple[str, str]]:
    start, end = 0, len(tokens)
    while start < end - 1 and tokens[start][0] in lexicon.HONORIFICS_LATIN:
        removed.append(tokens[start][1])
        start += 1
    while end - 1 > start and tokens[end - 1][0] in _SUFFIX_HONORIFICS:
        removed.append(tokens[end - 1][1])
        end -= 1
    return tokens[start:end]


def _join_abd(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``abd al rahman`` / ``abdel rahman`` / ``abdelrahman`` -> ``abdulrahman``."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        word, written = tokens[i]
        if word in lexicon.ABD_PREFIXES and i + 1 < len(tokens):
            j = i + 1
            if tokens[j][0] in lexicon.ABD_ARTICLES and j + 1 < len(tokens):
                j += 1
            rest = tokens[j][0]
            if rest.isalpha() and len(rest) >= 3:
                out.append((_canonical_abd("abdul" + rest), " ".join(w for _, w in tokens[i : j + 1])))
                i = j + 1
                continue
        out.append((_canonical_abd(word), written))
        i += 1
    return out


def _canonical_abd(word: str) -> str:
    m = _ABD_GLUED.match(word)
    if not m or word in ("abdul", "abdel", "abdal"):
        return word
    rest = m.group(1)
    if rest in ("lah", "llah", "allah", "ullah", "ulla", "la", "lla"):
        return "abdullah"
    return "abdul" + rest


def _latin_slots(run: str, *, organisation: bool, legal: list[str], honorifics: list[str]) -> list[RawSlot]:
    tokens = _latin_tokens(run, organisation=organisation)
    if not organisation:
        tokens = _strip_honorifics(tokens, honorifics)
    tokens = _strip_legal_forms(tokens, legal)
    tokens = _join_abd(tokens)
    slots: list[RawSlot] = []
    for folded, written in tokens:
        alts = [folded]
        if any(u in written for u in _UMLAUTS):
            alts.append("".join(_UMLAUTS.get(ch, ch) for ch in written if ch.isalnum()))
        alts.extend(latin_variants(folded))
        slots.append(RawSlot(dedupe(alts), written, "latin", _role(folded, len(tokens))))
    return slots


def _role(token: str, n_tokens: int) -> str:
    if len(token) == 1 and token.isalpha():
        return "initial"
    if n_tokens > 1 and token in lexicon.PARTICLES:
        return "particle"
    if token in lexicon.GENERIC_ORG_WORDS:
        return "generic"
    return ""


def normalise(text: str, *, person: bool | None = None) -> Normalised:
    """Slots for ``text``; ``person`` is True/False when the kind is known, None when not.

    Not cached here: :func:`~.prepared.prepare_name` caches the result it builds from this.
    """
    legal: list[str] = []
    honorifics: list[str] = []
    cleaned = _strip_native(_fix_homoglyphs(clean(text)), legal, honorifics)
    slots: list[RawSlot] = []
    runs = sc.script_runs(cleaned)
    for script, run in runs:
        if script in (sc.LATIN, sc.COMMON):
            slots.extend(
                _latin_slots(
                    run, organisation=person is False or bool(legal), legal=legal, honorifics=honorifics
                )
            )
        else:
            person_like = person is not False and not legal
            transliterated = transliterate_run(script, run, person_like=person_like)
            if script == sc.CYRILLIC:
                transliterated = _cyrillic_arabic_names(transliterated)
            slots.extend(transliterated)
    return Normalised(tuple(slots), sc.scripts_of(cleaned), tuple(legal), tuple(honorifics))


def _cyrillic_arabic_names(slots: list[RawSlot]) -> list[RawSlot]:
    """Arabic names written in Cyrillic ("Абд аль-Рахман ибн …") read like their Latin spellings.

    Particles (аль, ибн, бин, абу) weigh as little as in Latin, and "servant of" compounds are
    joined as :func:`_join_abd` joins them.
    """
    out: list[RawSlot] = []
    i = 0
    while i < len(slots):
        slot = slots[i]
        if slot.alts[0] in lexicon.ABD_PREFIXES and i + 1 < len(slots):
            j = i + 1
            if slots[j].alts[0] in lexicon.ABD_ARTICLES and j + 1 < len(slots):
                j += 1
            rest = slots[j].alts
            if rest[0].isalpha() and len(rest[0]) >= 3:
                alts = dedupe([_canonical_abd("abdul" + alt) for alt in rest])
                source = " ".join(s.source for s in slots[i : j + 1])
                out.append(RawSlot(alts, source, slot.method))
                i = j + 1
                continue
        if len(slots) > 1 and slot.alts[0] in lexicon.PARTICLES and not slot.role:
            slot = RawSlot(slot.alts, slot.source, slot.method, "particle")
        out.append(slot)
        i += 1
    return out
