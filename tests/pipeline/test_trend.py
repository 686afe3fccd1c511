"""`akhbar trend` on a real pipeline run: its counts equal counts made independently from the
articles' text (Python over staging.parsed_pages, no index, no SQL macro), per day and by
outlet and topic, and the SQL macros in news.duckdb give the same numbers."""

import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import duckdb
import pytest

from pipelines.cli import main
from pipelines.news.arabic import arabic_tokens
from tests.support import E2E_FIRST_DAY, E2E_LAST_DAY, E2ERun

Article = dict[str, object]
Matcher = Callable[[Article], bool]


@pytest.fixture(scope="module")
def articles(e2e_run: E2ERun) -> list[Article]:
    """Every article with its day, outlet, topic, story, and its title's and body's keys."""
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        rows = connection.sql(
            """
            SELECT s.day, s.url, s.outlet, s.story_id, t.topic, p.title, p.body
            FROM staging.article_stories AS s
            JOIN (SELECT url, arg_max(title, day) AS title, arg_max(body, day) AS body
                  FROM staging.parsed_pages WHERE status = 'article' GROUP BY url) AS p
                USING (url)
            LEFT JOIN staging.article_topics AS t USING (url)
            """
        ).pl()
    return [
        {**row, "words": (arabic_tokens(row["title"] or ""), arabic_tokens(row["body"] or ""))}
        for row in rows.iter_rows(named=True)
    ]


def _has(phrase: str) -> Matcher:
    keys = arabic_tokens(phrase)

    def found(article: Article) -> bool:
        words = article["words"]
        assert isinstance(words, tuple)
        return any(part[i : i + len(keys)] == keys for part in words for i in range(len(part) + 1))

    return found


def _truth(articles: list[Article], matches: Matcher, by: str | None) -> dict[tuple, tuple]:
    """(day,) or (day, outlet or topic) -> (articles, distinct stories) of the matches."""
    groups: dict[tuple, list[Article]] = {}
    for article in filter(matches, articles):
        key = (article["day"], article[by]) if by else (article["day"],)
        groups.setdefault(key, []).append(article)
    return {key: (len(group), len({a["story_id"] for a in group})) for key, group in groups.items()}


def _trend(capsys: pytest.CaptureFixture[str], database: object, *args: str) -> list[dict]:
    code = main(["trend", *args, "--warehouse", str(database), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def _frequent_word(articles: list[Article], share: float) -> str:
    """A word in about ``share`` of the articles (so a query has days with and without it)."""
    documents = Counter(w for a in articles for w in set(a["words"][0] + a["words"][1]))  # type: ignore[index]
    target = share * len(articles)
    return min(documents, key=lambda w: (abs(documents[w] - target), w))


def _a_phrase(articles: list[Article]) -> str:
    """Two consecutive body words of some article that other articles hold apart (so the
    phrase matches fewer articles than its two words do)."""
    for article in articles:
        body = article["words"][1]  # type: ignore[index]
        for first, second in itertools.pairwise(body):
            phrase = f"{first} {second}"
            with_phrase = [a for a in articles if _has(phrase)(a)]
            with_both = [a for a in articles if _has(first)(a) and _has(second)(a)]
            if 1 < len(with_phrase) < len(with_both):
                return phrase
    raise AssertionError("no phrase narrower than its words in the run's articles")


@pytest.mark.parametrize("by", [None, "outlet", "topic"])
def test_trend_counts_equal_counts_from_the_articles_text(
    e2e_run: E2ERun, articles: list[Article], capsys: pytest.CaptureFixture[str], by: str | None
) -> None:
    common, rare = _frequent_word(articles, 0.3), _frequent_word(articles, 0.08)
    phrase = _a_phrase(articles)
    first, last = phrase.split()
    cases: dict[str, Matcher] = {
        common: _has(common),
        f"{common} OR {rare}": lambda a: _has(common)(a) or _has(rare)(a),
        f"{common} NOT {rare}": lambda a: _has(common)(a) and not _has(rare)(a),
        f"{common} {rare}": lambda a: _has(common)(a) and _has(rare)(a),
        f'"{phrase}"': _has(phrase),
        f'"{phrase}" OR ({first} NOT {last})': lambda a: (
            _has(phrase)(a) or (_has(first)(a) and not _has(last)(a))
        ),
    }
    window = ["--from", str(E2E_FIRST_DAY), "--to", str(E2E_LAST_DAY)]
    for query, matches in cases.items():
        rows = _trend(capsys, e2e_run.database, query, *window, *(["--by", by] if by else []))
        got = {
            (date.fromisoformat(r["day"]), r[by] or None)
            if by
            else (date.fromisoformat(r["day"]),): (int(r["articles"]), int(r["stories"]))
            for r in rows
            if int(r["articles"])
        }
        expected = {
            key: value
            for key, value in _truth(articles, matches, by).items()
            if E2E_FIRST_DAY <= key[0] <= E2E_LAST_DAY
        }
        assert expected, f"{query!r} matches nothing: a test that cannot fail"
        assert got == expected, query
        if by is None:  # every day of the range, the quiet ones as 0
            days = [date.fromisoformat(r["day"]) for r in rows]
            assert days == [E2E_FIRST_DAY + timedelta(n) for n in range(len(days))]
            assert days[-1] == E2E_LAST_DAY


def test_a_spelling_variant_gives_the_same_counts(
    e2e_run: E2ERun, articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    """The same word written with another alef, a ta marbuta, tatweel and a diacritic."""
    word = next(
        w
        for w in sorted({w for a in articles for w in a["words"][1]})  # type: ignore[index]
        if len(w) > 3 and ("ا" in w[1:] or w.endswith("ه"))
    )
    variant = word[0] + word[1:].replace("ا", "أ", 1)
    variant = (variant[:-1] + "ة" if variant.endswith("ه") else variant) + "\u064e"
    variant = variant[:2] + "\u0640" + variant[2:]
    assert variant != word
    plain = _trend(capsys, e2e_run.database, word)
    assert plain and any(int(r["articles"]) for r in plain)
    assert _trend(capsys, e2e_run.database, variant) == plain


def test_the_sql_macros_give_what_the_command_prints(
    e2e_run: E2ERun, articles: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    word = _frequent_word(articles, 0.3)
    phrase = _a_phrase(articles)
    end = E2E_LAST_DAY + timedelta(days=1)
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        for query, keys in ((word, [word]), (f'"{phrase}"', phrase.split())):
            printed = _trend(
                capsys,
                e2e_run.database,
                query,
                "--from",
                str(E2E_FIRST_DAY),
                "--to",
                str(E2E_LAST_DAY),
            )
            macro = connection.sql(
                "SELECT day, articles, stories FROM phrase_trend($keys, $start, $end)",
                params={"keys": keys, "start": E2E_FIRST_DAY, "end": end},
            ).pl()
            assert [
                (date.fromisoformat(r["day"]), int(r["articles"]), int(r["stories"]))
                for r in printed
            ] == macro.rows()
            listed = connection.sql(
                "SELECT count(*) FROM matching_articles($keys, $start, $end)",
                params={"keys": keys, "start": E2E_FIRST_DAY, "end": end},
            ).fetchall()[0][0]
            assert listed == sum(int(r["articles"]) for r in printed) > 0


def test_a_malformed_query_exits_2_with_one_line(
    e2e_run: E2ERun, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["trend", '"كأس العالم', "--warehouse", str(e2e_run.database)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == "akhbar: trend: unclosed quote at character 1"
    assert out == ""


def test_the_index_holds_every_article_of_the_run(e2e_run: E2ERun) -> None:
    with duckdb.connect(str(e2e_run.database), read_only=True) as connection:
        indexed = connection.sql("SELECT count(DISTINCT url) FROM staging.article_terms")
        stories = connection.sql("SELECT count(*) FROM staging.article_stories")
        assert indexed.fetchall() == stories.fetchall() != [(0,)]
