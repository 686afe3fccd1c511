"""Arabic match keys and feature tokens: one test per folding rule."""

from __future__ import annotations

import pytest

from pipelines.news.arabic import arabic_tokens, normalize_key, strip_prefix


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("الرَّحْمٰنِ", "الرحمن"),  # dagger alef
        ("ذَٰلِكَ ۖ قَالَ", "ذلك قال"),  # Quranic pause mark
        ("المغـــرب", "المغرب"),  # tatweel
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),  # alef forms
        ("مستشفى", "مستشفي"),  # alef maqsura -> ya
        ("جهة", "جهه"),  # ta marbuta -> ha
        ("٢٠٢٠ ۱۳۹۹", "2020 1399"),  # Eastern Arabic and Persian digits
        ("Hespress MAROC", "hespress maroc"),  # Latin lower-cased
        ("  الرباط \t\n  سلا  ", "الرباط سلا"),  # whitespace collapsed and stripped
        ("ﻻ", "لا"),  # NFKC: presentation-form ligature
    ],
)
def test_normalize_key_folds_each_rule(text: str, key: str) -> None:
    assert normalize_key(text) == key


def test_normalize_key_is_idempotent_and_leaves_hamza_on_waw_and_ya() -> None:
    text = "مسؤول رئيس إِنّ"
    assert normalize_key(normalize_key(text)) == normalize_key(text)
    assert normalize_key(text) == "مسؤول رئيس ان"


def test_tokens_split_on_punctuation_glued_sentences() -> None:
    assert arabic_tokens("في المغرب.وأشار الوزير، إلى") == [
        "في",
        "المغرب",
        "واشار",
        "الوزير",
        "الي",
    ]


def test_tokens_drop_single_characters() -> None:
    assert arabic_tokens("و قال ب") == ["قال"]


def test_prefix_stripping_keeps_a_real_stem() -> None:
    assert arabic_tokens("والمغرب بالرباط للشباب", strip_prefixes=True) == [
        "مغرب",
        "رباط",
        "شباب",
    ]
    assert strip_prefix("الي") == "الي"  # too short to hold an article
    assert strip_prefix("ولد") == "ولد"  # "و" only goes when 3 letters stay
