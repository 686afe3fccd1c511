"""The article's author: structured data, then byline markup, then "بقلم …" near the title.

A byline names a person, or it does not: a newsroom label ("la rédaction", "هيئة التحرير",
"the editorial team"), the site itself or a news agency ("و م ع", "MAP", "AFP") is no
author. An agency in the byline is kept apart: the article is its dispatch, and the agency
is the original outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.extract.meta_tags import meta_values
from pipelines.news.extract.page_metadata import AUTHOR_META_KEYS, PageMetadata
from pipelines.news.extract.republication import agency_in, without_agency
from pipelines.news.extract.site_names import is_site_name
from pipelines.news.extract.titles import SHORT_TEXT_CHARS, title_scopes

_BYLINE_SELECTOR = (
    '[rel="author"], [itemprop="author"], [class*="author" i], [class*="byline" i],'
    ' [class*="writer" i]'
)
_TAXONOMY_LINK = 'a[rel~="category"], a[rel~="tag"], a[href*="category"], a[href*="/section"]'
# The words that introduce a byline.
_BYLINE_PHRASES = (
    *("بقلم", "كتب", "كتبت", "كتبه", "كتبها", "كتبته", "بواسطة", "إعداد", "من إعداد", "تحرير"),
    *("حرر", "حرره", "حررها", "حررته", "حرر من طرف", "حرره من طرف", "حررته من طرف", "من طرف"),
    *("المراسل", "المراسلة", "مراسل", "مراسلة", "مراسلنا", "الكاتب", "الكاتبة"),
    *("par", "rédigé par", "écrit par", "publié par", "propos recueillis par", "auteur"),
    *("by", "written by", "posted by", "author"),
)
# Longest first, so that "كتبت" is not read as "كتب" + "ت".
_BYLINE_WORDS = "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+")
    for phrase in sorted(_BYLINE_PHRASES, key=len, reverse=True)
)
# A line can open with a byline only if its first word opens one.
_BYLINE_FIRST_WORDS = frozenset(phrase.split()[0].casefold() for phrase in _BYLINE_PHRASES)
_BYLINE_PREFIX = re.compile(rf"^\s*(?:{_BYLINE_WORDS})(?!\w)\s*[:：]?\s*", re.IGNORECASE)
_NAME_CHARS = r"[^|،,\n:()]{2,50}"
# Near the title: "بقلم: X" anywhere in a short line, or "بقلم X" / "Par X" opening it.
# Searching every position for every phrase is dear, so a labelled byline is found from
# its colon: the few characters before it must end with a phrase.
_COLON = re.compile("[:：]")
_ENDS_WITH_PHRASE = re.compile(rf"(?<!\w)(?:{_BYLINE_WORDS})\s*$", re.I)
_LONGEST_PHRASE = max(len(phrase) for phrase in _BYLINE_PHRASES) + 2
_NAME_AFTER_COLON = re.compile(rf"\s*(?P<name>{_NAME_CHARS})")
_BYLINE_OPENING = re.compile(rf"^\s*(?:{_BYLINE_WORDS})\s+(?P<name>{_NAME_CHARS})", re.I)
# Labels a newsroom signs with: not a person, whatever the byline looks like.
_NEWSROOM = re.compile(
    r"^(?:(?:la|le|l')\s*)?(?:rédaction|redaction|équipe\s+(?:de\s+)?(?:la\s+)?rédaction)"
    r"(?:\s+(?:de|du|d'|web|en\s+ligne|numérique)\b.*)?$"
    r"|^(?:(?:هيئة|أسرة|اسرة|فريق|قسم)\s+)?(?:ال)?تحرير(?:\s+\S+){0,3}$"
    r"|^(?:the\s+)?(?:editorial\s+(?:team|staff|board|desk)|editors|newsroom|staff(?:\s+writers?)?)$"
    r"|^(?:admin|administrator|administrateur|webmaster|المحرر|محرر\s+الموقع|(?:مدير|إدارة)\s+الموقع)$",
    re.IGNORECASE,
)
# Lower-case words that may stand inside a Latin-script name ("Abdellah de la Vega").
_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "el", "al", "ben", "bin", "ibn", "van", "von", "da", "ait"}
)
_MAX_NAME_CHARS = 60
_MAX_BYLINE_CHARS = 2 * _MAX_NAME_CHARS
_LATIN_END = 0x250  # letters below this code point are Latin (with accents)
# What joins a name to an agency ("Le360 avec MAP", "محمد و و م ع"), left at an edge.
_CONNECTOR_EDGES = re.compile(r"(?:^|\s+)(?:avec|with|and|et|مع|و)\s*$|^\s*(?:avec|with)\s+", re.I)
_MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Byline:
    """Who wrote the article: a person's name, and the news agency the byline credits."""

    author: str | None = None
    agency: str | None = None


def find_byline(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    site_names: set[str],
    hinted: str | None = None,
) -> Byline:
    """The first person a byline names, and any agency named on the way (first signal first:
    an outlet's hint, structured data, byline markup, a labelled line near the title)."""
    # An organisation named as author is never a person, but it may be the agency.
    agency = agency_in(metadata.author_organization or "")
    for text, from_prose in _byline_texts(metadata, tree, ancestry, heading, hinted):
        core = _byline_core(text)
        if len(core) > _MAX_BYLINE_CHARS:
            continue  # an author box's biography, not a byline
        named = agency_in(core)
        agency = agency or named
        name = _name_in(core, site_names, named is not None)
        if name and (not from_prose or _reads_as_name(name)):
            return Byline(name, agency)
    return Byline(None, agency)


def _byline_texts(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    hinted: str | None,
) -> Iterator[tuple[str, bool]]:
    """Candidate byline texts, best first; True for those cut out of a line of text."""
    for value in (hinted, metadata.author, *meta_values(metadata, AUTHOR_META_KEYS)):
        if value:
            yield value, False
    for node in tree.css(_BYLINE_SELECTOR):
        if ancestry.within(node, NOISE_ONLY) or node.css_first(_TAXONOMY_LINK) is not None:
            continue  # "author" boxes that hold the category link are not bylines
        yield node.text(), False
    for scope in title_scopes(heading):
        for child in scope.iter():
            text = child.text()[:SHORT_TEXT_CHARS]
            name = _labelled_name(text) or _opening_name(text)
            if name and not ancestry.within(child, NOISE_ONLY):
                yield name, True


def _labelled_name(text: str) -> str | None:
    """The name after "بقلم:" / "Par :" anywhere in a short line."""
    for colon in _COLON.finditer(text):
        if _ENDS_WITH_PHRASE.search(text[max(0, colon.start() - _LONGEST_PHRASE) : colon.start()]):
            name = _NAME_AFTER_COLON.match(text, colon.end())
            if name:
                return name.group("name")
    return None


def _opening_name(text: str) -> str | None:
    """The name after "بقلم" / "Par" opening a short line (a set lookup spares most lines)."""
    words = text.split(maxsplit=1)
    if not words or words[0].rstrip(":：").casefold() not in _BYLINE_FIRST_WORDS:
        return None
    match = _BYLINE_OPENING.match(text)
    return match.group("name") if match else None


def person_name(value: str | None, site_names: set[str]) -> str | None:
    """The person a byline names, without its prefix, date or place; None for a newsroom
    label, the site's own name or a news agency."""
    if not value:
        return None
    core = _byline_core(value)
    return _name_in(core, site_names, agency_in(core) is not None)


def _byline_core(value: str) -> str:
    """The byline without its prefix ("بقلم", "Par") and what follows the name (date, "|")."""
    text = clean_text(_BYLINE_PREFIX.sub("", clean_text(value)))
    return re.split(r"\s+[|•·]\s+|\s+-\s+\d|\s*\d", text, maxsplit=1)[0]


def _name_in(core: str, site_names: set[str], names_agency: bool) -> str | None:
    text = core.split("(", 1)[0]
    text = clean_text(without_agency(text) if names_agency else text)
    text = _CONNECTOR_EDGES.sub("", text).strip(" :-–—|،,/")
    if (
        not text
        or len(text) > _MAX_NAME_CHARS
        or "://" in text
        or "@" in text
        or _NEWSROOM.match(text)
        or is_site_name(text, site_names)
    ):
        return None
    return text


def _reads_as_name(name: str) -> bool:
    """A name cut out of prose ("Par Mohamed Alaoui"), not a phrase ("Par ailleurs le...")."""
    words = name.split()
    if len(words) > _MAX_NAME_WORDS:
        return False
    latin = [word for word in words if word[0].isalpha() and ord(word[0]) < _LATIN_END]
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in latin)
