"""Which language a page is written in, from its script and letter statistics.

Persian and Urdu are written in the Arabic script and would pass an "is Arabic script" test;
letters that Arabic does not use (and the Arabic letters they replace) tell them apart.
"""

from __future__ import annotations

import re

# Persian ی/ک replace Arabic ي/ك; پ چ ژ گ are Persian additions; ۰-۹ are Persian digits.
_PERSIAN_MARKS = frozenset("پچژگیک۰۱۲۳۴۵۶۷۸۹")
# Urdu adds these to the Persian set (and uses ہ/ھ where Arabic has ه).
_URDU_MARKS = frozenset("ےہںٹڈڑۓھ")
# Letters an Arabic text is full of and Persian/Urdu texts (almost) never use.
_ARABIC_MARKS = frozenset("يكةى")
_FRENCH_WORDS = frozenset(
    "le la les des du une est et dans pour sur au aux qui que avec par pas ce cette".split()
)
_ENGLISH_WORDS = frozenset(
    "the and of to in is for on that with was are by at from this it be as have".split()
)
_LATIN_WORD = re.compile(r"[a-zà-ÿ]+")
# Counted with regexes, not a Python loop: this runs on every page.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f]")
_LATIN_LETTER = re.compile("[A-Za-zà-ÿ]")
_URDU_LETTERS = re.compile(f"[{''.join(sorted(_URDU_MARKS))}]")
_PERSIAN_LETTERS = re.compile(f"[{''.join(sorted(_PERSIAN_MARKS))}]")
_ARABIC_LETTERS = re.compile(f"[{''.join(sorted(_ARABIC_MARKS))}]")
# Enough letters for the statistics to outvote an html lang attribute.
_CONCLUSIVE_LETTERS = 40
_SAMPLE_CHARS = 5000


def detect_language(text: str, html_lang: str | None) -> str | None:
    """ "ar", "fa", "ur", "fr", "en" or None; ``html_lang`` is trusted only if the script agrees."""
    sample = text[:_SAMPLE_CHARS]
    arabic_script = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    declared = _primary_subtag(html_lang)
    if arabic_script == 0 and latin == 0:
        return None
    if arabic_script >= latin:
        by_letters = _arabic_script_language(sample)
        if arabic_script < _CONCLUSIVE_LETTERS and declared in ("ar", "fa", "ur"):
            return declared
        return by_letters
    by_words = _latin_language(sample)
    if declared in ("fr", "en") and (by_words is None or latin < _CONCLUSIVE_LETTERS):
        return declared
    return by_words


def _arabic_script_language(sample: str) -> str:
    urdu = len(_URDU_LETTERS.findall(sample))
    persian = len(_PERSIAN_LETTERS.findall(sample))
    arabic = len(_ARABIC_LETTERS.findall(sample))
    # A stray گ or ی in a Moroccan name must not flip an Arabic text, hence the ratios.
    if urdu > max(3, arabic):
        return "ur"
    if persian + urdu > max(3, 2 * arabic):
        return "fa"
    return "ar"


def _latin_language(sample: str) -> str | None:
    words = _LATIN_WORD.findall(sample.lower())
    french = sum(1 for word in words if word in _FRENCH_WORDS)
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    if french == english == 0:
        return None
    return "fr" if french > english else "en"


def _primary_subtag(html_lang: str | None) -> str | None:
    if not html_lang:
        return None
    return html_lang.strip().lower().replace("_", "-").split("-")[0] or None
