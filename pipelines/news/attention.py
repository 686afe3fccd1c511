"""The query language of ``akhbar trend``: which articles speak of something.

    QUERY   := ANY
    ANY     := ALL ("OR" ALL)*            -- either side
    ALL     := ITEM ("AND"? ITEM)*        -- both sides; juxtaposition is AND
    ITEM    := "NOT" ITEM | WORD | "\"" WORD+ "\"" | "(" ANY ")"

``OR``, ``AND`` and ``NOT`` are operators only in capitals (Latin); anything else is a word.
``NOT`` binds tightest, then AND, then OR: ``الماء OR الجفاف NOT مطر`` means ``الماء OR
(الجفاف AND NOT مطر)``. Every word and phrase is folded to match keys with
:func:`pipelines.news.arabic.arabic_tokens` (hamza/alef forms, ى/ي, ة/ه, tatweel and diacritics
folded; no prefix stripping: "المغرب" does not match "بالمغرب"), the convention the index
(``staging.article_terms``) was built with. A word that folds to several keys ("covid-19")
is a phrase of them. A part of the query must say what to look for: ``NOT x`` alone, or
``a OR NOT b``, would mean "every article but", and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.news.arabic import arabic_tokens

OPERATORS = ("OR", "AND", "NOT")


class QueryError(ValueError):
    """A malformed query; the message says what is wrong and where."""


@dataclass(frozen=True)
class Phrase:
    """Consecutive match keys in an article's title or body (one key: a single term)."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    """Every one of ``include`` and none of ``exclude`` (``include`` is never empty)."""

    include: tuple[Query, ...]
    exclude: tuple[Query, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one of ``options`` (two or more)."""

    options: tuple[Query, ...]


Query = Phrase | AllOf | AnyOf

# A quoted phrase, a parenthesis, or a run of anything else up to a space, quote or parenthesis.
_TOKEN = re.compile(r'\s*(?:(?P<quoted>"[^"]*")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s"()]+))')


@dataclass(frozen=True)
class _Token:
    kind: str  # quoted, open, close, word, or an operator
    text: str
    at: int  # character offset, for messages


def parse_query(text: str) -> Query:
    """``text`` as a query tree; :class:`QueryError` when it is malformed."""
    tokens = _lex(text)
    if not tokens:
        raise QueryError('the query is empty: give a word, a "phrase", OR, NOT')
    parser = _Parser(tokens)
    query = parser.any_of()
    if parser.position < len(tokens):
        extra = tokens[parser.position]
        raise QueryError(f"unexpected {extra.text!r} at character {extra.at + 1}")
    return query


def phrases(query: Query) -> list[Phrase]:
    """Every phrase of ``query``, once each, in order of appearance."""
    found: dict[Phrase, None] = {}
    stack: list[Query] = [query]
    while stack:
        node = stack.pop(0)
        if isinstance(node, Phrase):
            found[node] = None
        elif isinstance(node, AllOf):
            stack[:0] = [*node.include, *node.exclude]
        else:
            stack[:0] = list(node.options)
    return list(found)


def _lex(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:  # only an unmatched quote stops the pattern
            raise QueryError(f"unclosed quote at character {text.index(chr(34), position) + 1}")
        kind = match.lastgroup or "word"
        value = match.group(kind)
        at = match.start(kind)
        if kind == "word" and value in OPERATORS:
            kind = value
        tokens.append(_Token(kind, value, at))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens, one method per rule of the grammar."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def any_of(self) -> Query:
        options = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None:
                raise QueryError(f"OR at character {token.at + 1} has nothing after it")
            options.append(self.all_of())
        return options[0] if len(options) == 1 else AnyOf(tuple(options))

    def all_of(self) -> Query:
        include: list[Query] = []
        exclude: list[Query] = []
        first = self.peek()
        while (token := self.peek()) is not None and token.kind not in ("OR", "close"):
            if token.kind == "AND":
                self.take()
                if self.peek() is None or not include + exclude:
                    raise QueryError(f"AND at character {token.at + 1} needs a term on each side")
                continue
            negated, item = self.item()
            (exclude if negated else include).append(item)
        if first is None or (first.kind in ("OR", "close") and not include + exclude):
            where = f"at character {first.at + 1}" if first else "at the end"
            raise QueryError(f"a term is missing {where}")
        if not include:
            raise QueryError(
                f"NOT at character {first.at + 1} excludes from nothing: say what to look for "
                "too (e.g. 'ماء NOT مطر')"
            )
        if len(include) == 1 and not exclude:
            return include[0]
        return AllOf(tuple(include), tuple(exclude))

    def item(self) -> tuple[bool, Query]:
        """(negated, the item)."""
        token = self.take()
        if token.kind == "NOT":
            following = self.peek()
            if following is None or following.kind in OPERATORS[:2] or following.kind == "close":
                raise QueryError(f"NOT at character {token.at + 1} has no term after it")
            negated, item = self.item()
            if negated:
                raise QueryError(f"NOT NOT at character {token.at + 1}: say the term instead")
            return True, item
        if token.kind == "open":
            inner = self.any_of()
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QueryError(f"unclosed parenthesis at character {token.at + 1}")
            self.take()
            return False, inner
        if token.kind == "close":
            raise QueryError(f"unmatched ')' at character {token.at + 1}")
        if token.kind == "AND":
            raise QueryError(f"AND at character {token.at + 1} needs a term on each side")
        return False, _phrase(token)


def _phrase(token: _Token) -> Phrase:
    text = token.text[1:-1] if token.kind == "quoted" else token.text
    keys = tuple(arabic_tokens(text))
    if not keys:
        raise QueryError(
            f"{token.text!r} at character {token.at + 1} has no word to match "
            "(single letters and punctuation are not indexed)"
        )
    return Phrase(keys)
