"""The term index: one row per (article, match key) with its positions and what counts need."""

from datetime import date

import polars as pl

from pipelines.news import tables
from pipelines.news.terms import article_term_rows, stable_key, term_positions

DAY = date(2026, 3, 21)


def test_positions_count_title_words_then_body_words_after_a_gap() -> None:
    assert term_positions("كأس العالم", "المغرب يفوز بكأس العالم") == {
        "كاس": [0],
        "العالم": [1, 6],
        "المغرب": [3],
        "يفوز": [4],
        "بكاس": [5],
    }


def test_stored_text_is_untouched_and_keys_are_folded() -> None:
    title = "الصحةُ في آسفي"
    assert set(term_positions(title, None)) == {"الصحه", "في", "اسفي"}
    assert title == "الصحةُ في آسفي"


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    pages = pl.DataFrame(
        {
            "day": [DAY, DAY, DAY, date(2026, 3, 20)],
            "url": ["u/a", "u/b", "u/x", "u/a"],
            "status": ["article", "article", "non_article", "article"],
            "title": ["مستشفى جديد", "سد الماء", "قائمة", "عنوان قديم"],
            "body": ["افتتاح مستشفى", "الماء في السد", "لا شيء", "نص قديم"],
        }
    )
    stories = pl.DataFrame(
        {"day": [DAY, DAY], "url": ["u/a", "u/b"], "outlet": ["o1", "o2"], "story_id": ["s", "s"]}
    )
    topics = pl.DataFrame({"url": ["u/a"], "topic": ["health"]})
    return pages, stories, topics


def test_rows_are_the_articles_words_sorted_by_term_with_story_outlet_topic() -> None:
    rows = article_term_rows(*_frames())
    assert rows.schema == pl.Schema(tables.ARTICLE_TERMS)
    assert rows["term_key"].to_list() == sorted(rows["term_key"].to_list())
    hospital = rows.filter(pl.col("term_key") == "مستشفي").row(0, named=True)
    assert hospital["url"] == "u/a"
    assert hospital["positions"] == [0, 4]  # the page's latest listing, title and body
    assert (hospital["outlet"], hospital["topic"], hospital["story_id"]) == ("o1", "health", "s")
    assert hospital["article"] == stable_key("u/a")
    assert hospital["story"] == stable_key("s")
    water = rows.filter(pl.col("url") == "u/b")
    assert water["topic"].to_list() == [None] * water.height  # no topic row: NULL
    assert "قائمه" not in rows["term_key"].to_list()  # not an article
    assert "قديم" not in rows["term_key"].to_list()  # an older listing of u/a


def test_stable_key_is_a_fixed_signed_64_bit_number() -> None:
    assert stable_key("u/a") == stable_key("u/a") != stable_key("u/b")
    assert -(2**63) <= stable_key("u/a") < 2**63
