"""Generic news-page extractor: bytes in, ``ParsedPage`` out, never an exception.

One selectolax (lexbor) parse per page, read-only. Each field is a chain of signals, most
reliable first: structured data (JSON-LD, meta tags), then markup conventions (``<time>``,
bylines, breadcrumbs), then visible text near the title. Nothing here is keyed on a
particular outlet: an unknown site gets the same rules.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.article_body import body_paragraphs, clean_text, find_content_container
from pipelines.news.boilerplate import NOISE_ONLY, Ancestry, attribute_words
from pipelines.news.dates import find_date_span, parse_date_text, parse_iso
from pipelines.news.decoding import decode_html
from pipelines.news.language import detect_language
from pipelines.news.layout_hints import NO_HINTS, read_hints
from pipelines.news.models import ParsedPage, PublishedTime
from pipelines.news.page_metadata import (
    AUTHOR_META_KEYS,
    MODIFIED_META_KEYS,
    PUBLISHED_META_KEYS,
    SECTION_META_KEYS,
    PageMetadata,
    read_metadata,
)
from pipelines.news.republication import (
    Republication,
    find_republication,
    is_republication_furniture,
    original_outlet,
)
from pipelines.news.sources import Outlet, Registry

# Bounded time on pathological input: nobody publishes a 4 MB article.
_MAX_HTML_CHARS = 4_000_000
_MIN_BODY_CHARS = 300
_MIN_BODY_PARAGRAPHS = 2
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
_HOME_LABELS = frozenset({"الرئيسية", "الصفحة الرئيسية", "home", "accueil", "خانه", "صفحه اصلی"})
_DATE_SELECTOR = (
    'time, [itemprop*="date" i], [class*="date" i], [class*="time" i], [class*="publish" i],'
    ' [class*="meta" i], [class*="byline" i], [id*="date" i]'
)
_BYLINE_SELECTOR = (
    '[rel="author"], [itemprop="author"], [class*="author" i], [class*="byline" i],'
    ' [class*="writer" i]'
)
_BREADCRUMB_SELECTOR = (
    '[class*="breadcrumb" i], [id*="breadcrumb" i], [aria-label*="breadcrumb" i],'
    ' [itemtype*="BreadcrumbList"]'
)
_TICKER_SELECTOR = (
    'marquee, [class*="ticker" i], [id*="ticker" i], [class*="marquee" i],'
    ' [class*="breaking" i], [id*="breaking" i], [class*="urgent" i]'
)
_TAXONOMY_LINK = 'a[rel~="category"], a[rel~="tag"], a[href*="category"], a[href*="/section"]'
_TICKER_WORDS = frozenset({"ticker", "newsticker", "marquee", "breaking", "urgent"})
# Elements holding the last-modified time: never the publication date when a better one exists.
_UPDATE_WORDS = frozenset({"updated", "update", "modified", "lastmod", "revised"})
_MAX_UPDATE_LABELS = 3
_UPDATE_LABEL = re.compile(r"(?:آخر\s+)?تحديث|تم\s+التحديث|updated|modifié|mis\s+à\s+jour", re.I)
_BYLINE_PREFIX = re.compile(r"^\s*(?:بقلم|كتب|كتبت|بواسطة|إعداد|تحرير|by|par)\s*[:：]?\s*", re.I)
_BYLINE_IN_TEXT = re.compile(r"(?:بقلم|بواسطة|كتب|كتبت|إعداد)\s*[:：]\s*(?P<name>[^|،,\n:]{2,50})")
_SHORT_TEXT_CHARS = 160
_TITLE_LEVELS = 4
_LISTING_TEASERS = 6
_TEASER_WORDS = 4


def parse_page(
    raw: bytes,
    url: str,
    registry: Registry,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> ParsedPage:
    """Extract an article from a fetched page.

    ``fetched_at`` (timezone-aware) anchors relative dates such as "منذ 3 ساعات".
    Published times are reported in UTC with their Africa/Casablanca local day.
    """
    known = registry.outlet_for_url(url)
    outlet = known.key if known is not None else _host_key(url, registry)
    try:
        return _parse(raw, url, registry, known, outlet, content_type, fetched_at)
    except Exception as error:  # a page must never stop a run; say why it failed instead
        return ParsedPage(
            url=url, is_article=False, outlet=outlet, reason=f"unparseable page: {error!r}"[:200]
        )


def _host_key(url: str, registry: Registry) -> str | None:
    """An outlet registered under another base URL but named by its host, else the host."""
    host = urlsplit(url).hostname
    if not host:
        return None
    return registry.resolve_name(host) or host.removeprefix("www.")


def _parse(
    raw: bytes,
    url: str,
    registry: Registry,
    known: Outlet | None,
    outlet: str | None,
    content_type: str | None,
    fetched_at: datetime | None,
) -> ParsedPage:
    if not raw.strip():
        return ParsedPage(url=url, is_article=False, outlet=outlet, reason="empty page")
    decoded = decode_html(raw, content_type)
    text = decoded.text[:_MAX_HTML_CHARS]
    if "<" not in text[:2000]:
        return ParsedPage(
            url=url,
            is_article=False,
            outlet=outlet,
            reason="not html",
            charset=decoded.charset,
            charset_rule=decoded.rule,
        )
    tree = LexborHTMLParser(text)
    ancestry = Ancestry()
    metadata = read_metadata(tree)
    site_names = _site_names(metadata, registry, outlet, url)
    hinted = read_hints(tree, known.hints) if known is not None else NO_HINTS

    heading = _title_heading(tree, ancestry)
    title = hinted.title or _title(metadata, tree, heading, site_names)
    page_text = clean_text(tree.body.text(separator=" ")) if tree.body is not None else ""
    republication = find_republication(tree, page_text, url)
    published = hinted.published or _published(
        metadata, tree, ancestry, heading, republication, fetched_at
    )
    container = hinted.body or find_content_container(tree, ancestry)
    paragraphs = (
        body_paragraphs(container, ancestry, is_republication_furniture, title)
        if container is not None
        else []
    )
    body = "\n\n".join(paragraphs) or None
    html_node = tree.css_first("html")
    html_lang = html_node.attributes.get("lang") if html_node is not None else None
    language = detect_language(f"{title or ''}\n{body or page_text[:3000]}", html_lang)

    reason = _not_article_reason(title, published, metadata, paragraphs, tree, ancestry)
    return ParsedPage(
        url=url,
        is_article=reason is None,
        outlet=outlet,
        original_outlet=original_outlet(republication, registry) if republication else None,
        original_url=republication.source_url if republication else None,
        title=title,
        published=published,
        author=_person_name(hinted.author, site_names)
        or _author(metadata, tree, ancestry, heading, site_names),
        section=hinted.section or _section(metadata, tree, ancestry, title),
        language=language,
        body=body,
        ticker=_ticker(tree),
        reason=reason,
        charset=decoded.charset,
        charset_rule=decoded.rule,
        modified_at=_modified(metadata, tree),
    )


def _site_names(
    metadata: PageMetadata, registry: Registry, outlet: str | None, url: str
) -> set[str]:
    """Names the site goes by: never a title suffix we keep, never an author."""
    names = {
        metadata.meta.get("og:site_name", ""),
        metadata.meta.get("application-name", ""),
        metadata.meta.get("publisher", ""),
        urlsplit(url).hostname or "",
    }
    if outlet is not None:
        try:
            known = registry.by_key(outlet)
            names.update((known.name, *known.aliases))
        except KeyError:
            pass
    return {_name_key(name) for name in names if name}


def _name_key(name: str) -> str:
    return "".join(name.lower().removeprefix("www.").split())


# -- title -------------------------------------------------------------------------------


def _title_heading(tree: LexborHTMLParser, ancestry: Ancestry) -> LexborNode | None:
    """The article's ``h1``: inside article/main if there is one there, else the first."""
    headings = [
        h for h in tree.css("h1") if not ancestry.within(h, NOISE_ONLY) and h.text().strip()
    ]
    for heading in headings:
        parent = heading.parent
        while parent is not None:
            if parent.tag in ("article", "main"):
                return heading
            parent = parent.parent
    return headings[0] if headings else None


def _title(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    heading: LexborNode | None,
    site_names: set[str],
) -> str | None:
    heading_text = clean_text(heading.text()) if heading is not None else ""
    candidates = (metadata.meta.get("og:title"), metadata.headline, heading_text)
    for candidate in candidates:
        if candidate and candidate.strip():
            return _without_site_suffix(candidate.strip(), heading_text, site_names)
    title_node = tree.css_first("title")
    if title_node is None:
        return None
    return (
        _without_site_suffix(clean_text(title_node.text()), heading_text, site_names, True) or None
    )


def _without_site_suffix(
    title: str, heading_text: str, site_names: set[str], is_title_tag: bool = False
) -> str:
    """Drop " | Site" / "Site - " decorations; the heading, if it is the remainder, wins."""
    title = title.strip()
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    if heading_text and heading_text != title and heading_text in title:
        # "Site - Headline" or "Headline | Site": the page's own heading is the headline.
        before, _, after = title.partition(heading_text)
        if _is_decoration(before, at_end=True) and _is_decoration(after, at_end=False):
            return heading_text
    while len(parts) > 1 and _is_site_name(parts[-1], site_names):
        parts.pop()
    while len(parts) > 1 and _is_site_name(parts[0], site_names):
        parts.pop(0)
    if is_title_tag:
        # A <title> is "headline - section - site" far more often than a headline with " - ".
        while len(parts) > 1 and len(parts[-1].split()) <= 4:
            parts.pop()
    return _rejoin(title, parts)


def _is_decoration(text: str, at_end: bool) -> bool:
    """Empty, or a separator on the side touching the heading (then anything, e.g. a name)."""
    if not text.strip():
        return True
    padded = f"{text} " if at_end else f" {text}"
    match = _TITLE_SEPARATORS.search(padded)
    if match is None:
        return False
    return match.end() == len(padded) if at_end else match.start() == 0


def _is_site_name(text: str, site_names: set[str]) -> bool:
    key = _name_key(text)
    return bool(key) and any(key == name or key in name or name in key for name in site_names)


def _rejoin(title: str, parts: list[str]) -> str:
    """The original text from the first kept part to the end of the last one."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


# -- published ---------------------------------------------------------------------------


def _published(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    republication: Republication | None,
    fetched_at: datetime | None,
) -> PublishedTime | None:
    for value in (metadata.date_published, *_meta_values(metadata, PUBLISHED_META_KEYS)):
        if value:
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    for node in tree.css('[itemprop="datePublished"], time[datetime]'):
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and not ancestry.within(node, NOISE_ONLY) and not _marks_update(node):
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    if republication is not None and republication.published is not None:
        return republication.published
    for scope in _title_scopes(heading):
        parsed = _visible_date(scope, ancestry, fetched_at)
        if parsed is not None:
            return parsed
    return _visible_date(tree.body, ancestry, fetched_at) if tree.body is not None else None


def _modified(metadata: PageMetadata, tree: LexborHTMLParser) -> PublishedTime | None:
    """The last-modified time the page declares (structured data only: text is too ambiguous)."""
    values = [metadata.date_modified, *_meta_values(metadata, MODIFIED_META_KEYS)]
    values += [
        node.attributes.get("datetime") or node.attributes.get("content")
        for node in tree.css('[itemprop="dateModified"]')
    ]
    for value in values:
        if value:
            parsed = parse_iso(value)
            if parsed is not None:
                return parsed
    return None


def _marks_update(node: LexborNode) -> bool:
    itemprop = (node.attributes.get("itemprop") or "").lower()
    return itemprop == "datemodified" or bool(attribute_words(node) & _UPDATE_WORDS)


def _meta_values(metadata: PageMetadata, keys: tuple[str, ...]) -> list[str]:
    return [value for key in keys if (value := metadata.meta.get(key))]


def _title_scopes(heading: LexborNode | None) -> list[LexborNode]:
    """The heading's ancestors, nearest first: where a page writes its date and byline."""
    scopes: list[LexborNode] = []
    node = heading.parent if heading is not None else None
    while node is not None and len(scopes) < _TITLE_LEVELS and node.tag not in ("body", "html"):
        scopes.append(node)
        node = node.parent
    return scopes


def _visible_date(
    scope: LexborNode, ancestry: Ancestry, fetched_at: datetime | None
) -> PublishedTime | None:
    candidates = list(scope.css(_DATE_SELECTOR))
    candidates += [child for child in scope.iter() if child.tag in ("p", "span", "div", "small")]
    for node in candidates:
        text = node.text()
        if len(text) > _SHORT_TEXT_CHARS or ancestry.within(node, NOISE_ONLY):
            continue
        if _marks_update(node):
            continue
        parsed = parse_date_text(_without_update_dates(text), fetched_at)
        if parsed is not None:
            return parsed
    return None


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


# -- author ------------------------------------------------------------------------------


def _author(
    metadata: PageMetadata,
    tree: LexborHTMLParser,
    ancestry: Ancestry,
    heading: LexborNode | None,
    site_names: set[str],
) -> str | None:
    structured = (metadata.author, *_meta_values(metadata, AUTHOR_META_KEYS))
    for value in structured:
        name = _person_name(value, site_names)
        if name:
            return name
    for node in tree.css(_BYLINE_SELECTOR):
        if ancestry.within(node, NOISE_ONLY) or node.css_first(_TAXONOMY_LINK) is not None:
            continue  # "author" boxes that hold the category link are not bylines
        name = _person_name(node.text(), site_names)
        if name:
            return name
    for scope in _title_scopes(heading):
        for child in scope.iter():
            match = _BYLINE_IN_TEXT.search(child.text()[:_SHORT_TEXT_CHARS])
            if match and not ancestry.within(child, NOISE_ONLY):
                name = _person_name(match.group("name"), site_names)
                if name:
                    return name
    return None


def _person_name(value: str | None, site_names: set[str]) -> str | None:
    if not value:
        return None
    text = clean_text(_BYLINE_PREFIX.sub("", clean_text(value)))
    text = re.split(r"\s+[|•·]\s+|\s+-\s+\d|\s*\d", text, maxsplit=1)[0].strip(" :-|،,")
    if (
        not text
        or len(text) > 60
        or "://" in text
        or "@" in text
        or _is_site_name(text, site_names)
    ):
        return None
    return text


# -- section -----------------------------------------------------------------------------


def _section(
    metadata: PageMetadata, tree: LexborHTMLParser, ancestry: Ancestry, title: str | None
) -> str | None:
    for value in (metadata.section, *_meta_values(metadata, SECTION_META_KEYS)):
        if value and value.strip():
            return clean_text(value)
    for link in tree.css('a[rel~="category"]'):
        label = clean_text(link.text())
        if label and not ancestry.within(link, NOISE_ONLY):
            return label
    return _breadcrumb_section(tree, title)


def _breadcrumb_section(tree: LexborHTMLParser, title: str | None) -> str | None:
    """The breadcrumb's last linked item that is neither home nor the article itself."""
    trail = tree.css_first(_BREADCRUMB_SELECTOR)
    if trail is None:
        return None
    items = trail.css("li") or trail.css("a, span")
    linked: list[str] = []
    unlinked: list[str] = []
    for item in items:
        label = clean_text(item.text())
        if not label or label.lower() in _HOME_LABELS or label == title or len(label) > 60:
            continue
        is_link = item.tag == "a" or item.css_first("a") is not None
        (linked if is_link else unlinked).append(label)
    if linked:
        return linked[-1]
    return unlinked[-1] if unlinked else None


# -- ticker ------------------------------------------------------------------------------


def _ticker(tree: LexborHTMLParser) -> tuple[str, ...]:
    """Headlines of ticker/marquee/breaking-news strips, in page order, duplicates kept."""
    containers = [
        node
        for node in tree.css(_TICKER_SELECTOR)
        if node.tag == "marquee" or attribute_words(node) & _TICKER_WORDS
    ]
    chosen_ids = {node.mem_id for node in containers}
    headlines: list[str] = []
    for node in containers:
        if _has_ancestor_in(node, chosen_ids):
            continue  # the outer strip already covers it
        items = node.css("li") or node.css("a")
        texts = [clean_text(item.text()) for item in items] if items else [clean_text(node.text())]
        headlines.extend(text for text in texts if text)
    return tuple(headlines)


def _has_ancestor_in(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


# -- verdict -----------------------------------------------------------------------------


def _not_article_reason(
    title: str | None,
    published: PublishedTime | None,
    metadata: PageMetadata,
    paragraphs: list[str],
    tree: LexborHTMLParser,
    ancestry: Ancestry,
) -> str | None:
    """None for an article, else why not."""
    if not title:
        return "no title"
    body_chars = sum(len(p) for p in paragraphs)
    if not metadata.is_article_type and _teaser_chars(tree, ancestry) > body_chars:
        return "listing page"
    if len(paragraphs) < _MIN_BODY_PARAGRAPHS and body_chars < _MIN_BODY_CHARS:
        return "no body"
    if published is None and not metadata.is_article_type:
        return "no publication date"
    return None


def _teaser_chars(tree: LexborHTMLParser, ancestry: Ancestry) -> int:
    """Text of headline links outside noise: a home, section or search page is made of them.

    Zero unless there are enough of them to be a list rather than a few inline links.
    """
    teasers = [
        len(text)
        for node in tree.css("h2 a, h3 a, h4 a, li a")
        if len((text := clean_text(node.text())).split()) >= _TEASER_WORDS
        and not ancestry.within(node, NOISE_ONLY)
    ]
    return sum(teasers) if len(teasers) >= _LISTING_TEASERS else 0
