"""The trend query language: words, phrases, OR, NOT, parentheses, folded to match keys."""

import pytest

from pipelines.news.arabic import arabic_tokens
from pipelines.news.attention import AllOf, AnyOf, Phrase, QueryError, parse_query, phrases
from pipelines.news.terms import term_positions


def test_juxtaposed_words_must_all_occur() -> None:
    assert parse_query("الماء الجفاف") == AllOf((Phrase(("الماء",)), Phrase(("الجفاف",))))
    assert parse_query("الماء AND الجفاف") == parse_query("الماء الجفاف")


def test_a_quoted_phrase_is_one_item_of_consecutive_keys() -> None:
    assert parse_query('"كأس العالم"') == Phrase(("كاس", "العالم"))
    assert parse_query('"كأس العالم" المغرب') == AllOf(
        (Phrase(("كاس", "العالم")), Phrase(("المغرب",)))
    )


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    assert parse_query("الماء OR الجفاف NOT مطر") == AnyOf(
        (Phrase(("الماء",)), AllOf((Phrase(("الجفاف",)),), (Phrase(("مطر",)),)))
    )


def test_parentheses_group() -> None:
    assert parse_query("سد (الماء OR الجفاف)") == AllOf(
        (Phrase(("سد",)), AnyOf((Phrase(("الماء",)), Phrase(("الجفاف",)))))
    )


def test_lower_case_operators_are_words() -> None:
    assert parse_query("covid or vaccine") == AllOf(
        (Phrase(("covid",)), Phrase(("or",)), Phrase(("vaccine",)))
    )


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("أمطار", "امطار"),  # hamza on alef
        ("إفريقيا", "افريقيا"),  # hamza below
        ("آفاق", "افاق"),  # madda
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("الصحة", "الصحه"),  # ta marbuta
        ("المغـــرب", "المغرب"),  # tatweel
        ("الْمَغْرِبُ", "المغرب"),  # diacritics
        ("٢٠٢٦", "2026"),  # Eastern Arabic digits
    ],
)
def test_a_spelling_variant_in_the_query_meets_the_indexed_word(written: str, stored: str) -> None:
    query = parse_query(written)
    assert query == parse_query(stored)
    assert isinstance(query, Phrase)
    assert list(query.keys) == list(term_positions(None, stored))
    assert list(query.keys) == arabic_tokens(stored)


def test_a_word_folding_to_several_keys_is_a_phrase() -> None:
    assert parse_query("covid-19") == Phrase(("covid", "19"))


def test_phrases_lists_each_phrase_once() -> None:
    query = parse_query('"كأس العالم" OR (المغرب NOT "كأس العالم")')
    assert phrases(query) == [Phrase(("كاس", "العالم")), Phrase(("المغرب",))]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"كأس العالم', "unclosed quote at character 1"),
        ("NOT", "NOT at character 1 has no term after it"),
        ("NOT مطر", "excludes from nothing"),
        ("الماء OR NOT مطر", "excludes from nothing"),
        ("الماء OR", "OR at character 7 has nothing after it"),
        ("OR الماء", "a term is missing at character 1"),
        ("الماء AND", "needs a term on each side"),
        ("(الماء", "unclosed parenthesis at character 1"),
        ("الماء)", "unexpected ')' at character 6"),
        ("()", "a term is missing"),
        ("", "the query is empty"),
        ('"" الماء', "has no word to match"),
        ("و", "has no word to match"),
        ("الماء NOT NOT مطر", "NOT NOT"),
    ],
)
def test_a_malformed_query_is_refused_with_what_is_wrong(query: str, says: str) -> None:
    with pytest.raises(QueryError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_query(query)
