"""When the page was published, and when it says it was last modified.

Three kinds of signal: structured data (JSON-LD ``datePublished``/``dateModified``, meta
``article:published_time``, ``itemprop``, ``<time datetime>``), visible lines *labelled* as
the publication ("نشر في", "نشر بتاريخ", "Publié le") or as an update ("آخر تحديث",
"Mis à jour", "Modifié le"), and unlabelled visible dates near the title.

Structured data wins while nothing contradicts it. When it and the labelled publication line
disagree, the evidence decides:

* one clock shown in two zones (the same digits, or the naive digits are the stated instant in
  UTC) is one instant: the value whose zone is stated wins over the one read as Casablanca;
* otherwise the label wins (CMSs often write the last change as ``datePublished``), and the
  structured value, if later, is kept as the modification time;
* a structured "published" that is the visible *update* is the update: the visible date that
  is not the update is the publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.arabic import normalize_key
from pipelines.news.dates import DateReading, find_date_span, parse_date_text, read_date
from pipelines.news.extract.boilerplate import (
    NOISE_ONLY,
    Ancestry,
    attribute_words,
    has_ancestor,
)
from pipelines.news.extract.meta_tags import meta_values
from pipelines.news.extract.page_metadata import (
    MODIFIED_META_KEYS,
    PUBLISHED_META_KEYS,
    PageMetadata,
)
from pipelines.news.extract.republication import Republication
from pipelines.news.extract.titles import SHORT_TEXT_CHARS, title_scopes
from pipelines.news.models import PublishedTime

_DATE_SELECTOR = (
    'time, [itemprop*="date" i], [class*="date" i], [class*="time" i], [class*="publish" i],'
    ' [class*="meta" i], [class*="byline" i], [id*="date" i]'
)
_LINE_SELECTOR = f"{_DATE_SELECTOR}, p, span, div, small, li"
# Elements holding the last-modified time: never the publication date when a better one exists.
_UPDATE_WORDS = frozenset({"updated", "update", "modified", "lastmod", "revised"})
_MAX_UPDATE_LABELS = 3
_UPDATE_LABEL = re.compile(
    r"(?<!\w)(?:(?:[اآ]خر\s+)?تحديث|تم\s+التحديث|محدث[هة]?|(?:last\s+)?updated|modifié(?:\s+le)?"
    r"|(?:dernière\s+)?mise\s+à\s+jour|mis\s+à\s+jour(?:\s+le)?)(?!\w)",
    re.I,
)
_PUBLISHED_LABEL = re.compile(
    r"(?<!\w)(?:تاريخ\s+النشر|تم\s+نشره|منشور\s+في|نشر(?:\s+(?:في|بتاريخ|يوم))?"
    r"|publié(?:\s+le|\s+à)?|mis\s+en\s+ligne(?:\s+le)?|published(?:\s+on)?|posted(?:\s+on)?)"
    r"(?!\w)",
    re.I,
)
# Pieces of the labels above, case aside ("ubli": Publié, published; "نشر": تاريخ النشر).
# The parser itself finds elements whose own text holds one, a pass over the page per
# piece, so a page is asked only for the pieces of its headline's script.
_ARABIC_PIECES = ("نشر", "تحديث", "محدث")
_LATIN_PIECES = ("ubli", "osted", "pdate", "odifi", "à jour", "en ligne")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-zÀ-ÿ]")
# A label opens its line or follows a separator; in the middle of a sentence it is prose
# ("التقرير الذي نشر في 2019"), not the page's own publication line.
_LINE_SEPARATORS = "|•·-–—,،/:("
# The date must follow its label closely ("نشر في: الأربعاء 17 يونيو 2020").
_LABEL_GAP_CHARS = 30
_SAME_MINUTE = timedelta(seconds=60)
# Levels above the heading searched for labelled lines (the title's block and its meta row).
_LABEL_LEVELS = 3


@dataclass(frozen=True)
class PublicationTimes:
    published: PublishedTime | None
    modified: PublishedTime | None


@dataclass(frozen=True)
class _Labelled:
    published: DateReading | None = None
    updated: DateReading | None = None


def find_publication_times(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    container: LexborNode | None,
    republication: Republication | None,
    fetched_at: datetime | None,
) -> PublicationTimes:
    """When the page was published and last modified, UTC instants with Casablanca days.
    ``container`` is the element holding the article text."""
    structured = _structured_published(metadata, tree, ancestry)
    declared_modified = _structured_modified(metadata, tree)
    scopes = title_scopes(heading)
    # The labelled lines that may overrule structured data are the title's own: its meta row.
    regions = scopes[:_LABEL_LEVELS] or ([container] if container is not None else [])
    headline = heading.text() if heading is not None else ""
    labelled = _labelled_dates(regions, ancestry, headline, fetched_at)
    visible = labelled.published
    if (
        visible is None
        and structured is not None
        and labelled.updated is not None
        and _agree(structured, labelled.updated)
    ):
        # The page itself calls the structured "published" value its update.
        visible = _first_visible_date(scopes, ancestry, fetched_at)
    published, other = _decide(structured, visible)
    if published is None:
        published = _unlabelled(tree, ancestry, scopes, republication, fetched_at)
    modified = declared_modified
    for candidate in (other, labelled.updated):
        if modified is None and candidate is not None and published is not None:
            if _later(candidate.value, published):
                modified = candidate.value
    return PublicationTimes(published, modified)


def _decide(
    structured: DateReading | None, visible: DateReading | None
) -> tuple[PublishedTime | None, DateReading | None]:
    """The publication time, and the structured value the evidence set aside (if any)."""
    if structured is None:
        return (visible.value if visible else None), None
    if visible is None or _agree(structured, visible):
        return _more_precise(structured, visible), None
    if _one_clock(structured, visible):
        winner = structured if structured.zone_stated else visible
        return winner.value, None
    return visible.value, structured


def _structured_published(
    metadata: PageMetadata, tree: LexborHTMLParser, ancestry: Ancestry
) -> DateReading | None:
    for value in (metadata.date_published, *meta_values(metadata, PUBLISHED_META_KEYS)):
        if value:
            reading = read_date(value.strip())
            if reading is not None:
                return reading
    for node in tree.css('[itemprop="datePublished"], time[datetime]'):
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and not ancestry.within(node, NOISE_ONLY) and not _marks_update(node):
            reading = read_date(value.strip())
            if reading is not None:
                return reading
    return None


def _structured_modified(metadata: PageMetadata, tree: LexborHTMLParser) -> PublishedTime | None:
    """The last-modified time the page declares in structured data."""
    for value in (metadata.date_modified, *meta_values(metadata, MODIFIED_META_KEYS)):
        if value and (parsed := parse_date_text(value.strip())) is not None:
            return parsed
    for node in tree.css('[itemprop="dateModified"]'):  # a pass over the page: only if needed
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and (parsed := parse_date_text(value.strip())) is not None:
            return parsed
    return None


def _unlabelled(
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    scopes: list[LexborNode],
    republication: Republication | None,
    fetched_at: datetime | None,
) -> PublishedTime | None:
    """Without structured data or a labelled line: the republication line, then any date
    near the title, then any in the page."""
    if republication is not None and republication.published is not None:
        return republication.published
    reading = _first_visible_date(scopes, ancestry, fetched_at)
    if reading is None and tree.body is not None:
        reading = _first_visible_date([tree.body], ancestry, fetched_at)
    return reading.value if reading is not None else None


def _labelled_dates(
    scopes: list[LexborNode], ancestry: Ancestry, script: str, fetched_at: datetime | None
) -> _Labelled:
    """The first date labelled as the publication and the first labelled as an update,
    nearest the title first (``scopes`` are nested, innermost first).
    Labels are looked for in the script(s) of ``script`` (the headline), else in all."""
    rank = {scope.mem_id: index for index, scope in enumerate(scopes)}
    found: list[tuple[int, int, DateReading | None, DateReading | None]] = []
    seen: set[int] = set()
    order = 0
    arabic, latin = bool(_ARABIC_LETTER.search(script)), bool(_LATIN_LETTER.search(script))
    selector = _label_selector(arabic or not latin, latin or not arabic)
    for scope in _outermost(scopes):
        for line_node in _label_lines(scope, selector):
            if line_node.mem_id in seen:
                continue
            seen.add(line_node.mem_id)
            line = line_node.text()
            if len(line) > SHORT_TEXT_CHARS or ancestry.within(line_node, NOISE_ONLY):
                continue
            published, updated = _labelled_in(normalize_key(line), fetched_at)
            if published is not None or updated is not None:
                found.append((_scope_rank(line_node, rank), order, published, updated))
                order += 1
    found.sort(key=lambda item: item[:2])
    return _Labelled(
        next((item[2] for item in found if item[2] is not None), None),
        next((item[3] for item in found if item[3] is not None), None),
    )


def _outermost(scopes: list[LexborNode]) -> list[LexborNode]:
    """The scopes not inside another one: each element is visited once."""
    ids = {scope.mem_id for scope in scopes}
    return [scope for scope in scopes if not has_ancestor(scope, lambda node: node.mem_id in ids)]


@cache
def _label_selector(arabic: bool, latin: bool) -> str:
    pieces = (*(_ARABIC_PIECES if arabic else ()), *(_LATIN_PIECES if latin else ()))
    return ", ".join(f'*:lexbor-contains("{piece}")' for piece in pieces)


def _label_lines(scope: LexborNode, selector: str) -> list[LexborNode]:
    """Elements whose own text holds a label piece, and their parents (the date may sit
    beside the label: "<span>نشر في</span> <time>...</time>")."""
    lines: list[LexborNode] = []
    for node in scope.css(selector):
        lines.append(node)
        if node.parent is not None:
            lines.append(node.parent)
    return lines


def _scope_rank(node: LexborNode, rank: dict[int, int]) -> int:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id in rank:
            return rank[current.mem_id]
        current = current.parent
    return len(rank)


def _labelled_in(
    line: str, fetched_at: datetime | None
) -> tuple[DateReading | None, DateReading | None]:
    labels = sorted(
        [(m.start(), m.end(), True) for m in _PUBLISHED_LABEL.finditer(line)]
        + [(m.start(), m.end(), False) for m in _UPDATE_LABEL.finditer(line)]
    )
    published: DateReading | None = None
    updated: DateReading | None = None
    for index, (start, end, is_published) in enumerate(labels):
        if not _opens_a_line(line, start):
            continue
        stop = labels[index + 1][0] if index + 1 < len(labels) else len(line)
        reading = read_date(line[end:stop], fetched_at)
        if reading is None or reading.start > _LABEL_GAP_CHARS:
            continue
        if is_published:
            published = published or reading
        else:
            updated = updated or reading
    return published, updated


def _opens_a_line(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    return not before or before[-1] in _LINE_SEPARATORS


def _first_visible_date(
    scopes: list[LexborNode], ancestry: Ancestry, fetched_at: datetime | None
) -> DateReading | None:
    for scope in scopes:
        candidates = list(scope.css(_DATE_SELECTOR))
        candidates += [
            child for child in scope.iter() if child.tag in ("p", "span", "div", "small")
        ]
        for node in candidates:
            text = node.text()
            if len(text) > SHORT_TEXT_CHARS or ancestry.within(node, NOISE_ONLY):
                continue
            if _marks_update(node):
                continue
            reading = read_date(_without_update_dates(text), fetched_at)
            if reading is not None:
                return reading
    return None


def _agree(first: DateReading, second: DateReading) -> bool:
    """The same publication: the same minute, or the same day when one has no time."""
    a, b = first.value, second.value
    if a.moment is not None and b.moment is not None:
        return _same_minute(a.moment, b.moment)
    return a.local_day == b.local_day


def _one_clock(first: DateReading, second: DateReading) -> bool:
    """One instant written in two zones: one reading states its zone, the other was read as
    Casablanca time, and its digits are the other's as written, or the other's in UTC."""
    if first.zone_stated == second.zone_stated:
        return False
    stated, naive = (first, second) if first.zone_stated else (second, first)
    if naive.wall_clock is None or stated.wall_clock is None or stated.value.moment is None:
        return False
    in_utc = stated.value.moment.astimezone(UTC).replace(tzinfo=None)
    return _same_minute(naive.wall_clock, stated.wall_clock) or _same_minute(
        naive.wall_clock, in_utc
    )


def _same_minute(first: datetime, second: datetime) -> bool:
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


def _more_precise(structured: DateReading, visible: DateReading | None) -> PublishedTime:
    if structured.value.moment is None and visible is not None and visible.value.moment:
        return visible.value
    return structured.value


def _later(candidate: PublishedTime, published: PublishedTime) -> bool:
    if candidate.moment is not None and published.moment is not None:
        return candidate.moment - published.moment >= _SAME_MINUTE
    return candidate.local_day >= published.local_day and candidate != published


def _marks_update(node: LexborNode) -> bool:
    itemprop = (node.attributes.get("itemprop") or "").lower()
    return itemprop == "datemodified" or bool(attribute_words(node) & _UPDATE_WORDS)


def _without_update_dates(text: str) -> str:
    """``text`` without "آخر تحديث: <date>" parts: that is the modified date, not the published."""
    for _ in range(_MAX_UPDATE_LABELS):
        label = _UPDATE_LABEL.search(text)
        if label is None:
            break
        span = find_date_span(text[label.end() :])
        if span is None:
            return text[: label.start()]
        text = f"{text[: label.start()]} {text[label.end() + span[1] :]}"
    return text
