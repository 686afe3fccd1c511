"""Arabic text folded into match keys and feature tokens.

Only for keys and features: stored display text is never rewritten with these functions.
Convention (one for all keys): alef maqsura ى becomes ya ي, and ta marbuta ة becomes ha ه, so
"مستشفى" and "مستشفي" share a key, as do "جهة" and "جهه". Hamza on waw/ya (ؤ, ئ) is kept:
those letters change the word more often than they are a spelling variant.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, tanwin, shadda, sukun and the small marks after them (U+064B..U+065F), the superscript
# (dagger) alef U+0670, and the Quranic annotation marks: U+0610..U+061A and U+06D6..U+06ED
# except the letters-like U+06E5/U+06E6 (small waw/ya) and U+06E9 (place of sajdah).
_MARKS = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6, 0x06E9)]
)
_TATWEEL = "\u0640"

_KEY_TABLE = str.maketrans(
    {
        **dict.fromkeys(_MARKS, None),
        _TATWEEL: None,
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ى": "ي",
        "ة": "ه",
        # Eastern Arabic (U+0660..) and Persian (U+06F0..) digits to ASCII.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)

# A word: letters and digits (Arabic or Latin), nothing else. Hespress runs sentences together
# ("المغرب.وأشار"), so punctuation must split words, not only spaces.
_WORD = re.compile(r"[^\W_]+")

# Light prefix stripping in the spirit of Larkey's "light10": the article with its attached
# conjunctions/prepositions first, then a lone conjunction. Only when a real stem remains.
_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_MIN_STEM = 3


def normalize_key(text: str) -> str:
    """``text`` as a match key: NFKC, no diacritics/Quranic marks/tatweel, one alef, ى→ي, ة→ه.

    Eastern Arabic and Persian digits become ASCII, Latin is lower-cased, runs of whitespace
    become one space and the ends are stripped. Idempotent: ``normalize_key(normalize_key(s))``
    equals ``normalize_key(s)``.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_KEY_TABLE).lower()
    return " ".join(folded.split())


def strip_prefix(word: str) -> str:
    """``word`` (already a key) without a leading article or conjunction: "والمغرب" → "مغرب"."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM - 1:
            return word[len(prefix) :]
    if word.startswith("و") and len(word) - 1 >= _MIN_STEM:
        return word[1:]
    return word


def arabic_tokens(text: str, *, strip_prefixes: bool = False) -> list[str]:
    """The words of ``text`` as normalised keys (see :func:`normalize_key`), in order.

    With ``strip_prefixes``, each word loses a leading article/conjunction (:func:`strip_prefix`).
    Single characters are dropped: after splitting on punctuation they are noise.
    """
    words = _WORD.findall(normalize_key(text))
    if strip_prefixes:
        words = [strip_prefix(w) for w in words]
    return [w for w in words if len(w) > 1]
