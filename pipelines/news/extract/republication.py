"""Pages that republish another outlet's article, and the outlet they name.

Aggregators say so in a line "نشر في <outlet name> يوم DD - MM - YYYY" and link to the
original with a line like "انقر هنا لقراءة الخبر من مصدره". Other outlets credit the source
in a line of its own ("المصدر: <outlet>", "Source : <outlet>", "نقلا عن <outlet>") or, for a
news agency's dispatch, with the agency's mark ("(و م ع)", "- و.م.ع -", "Rabat - MAP -").
A news agency counts as an outlet. Credit lines are page furniture, not article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.news.dates import parse_date_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.models import PublishedTime
from pipelines.news.sources import Registry, name_key

# The outlet name is a few words; the date follows "يوم" (day).
_PUBLISHED_IN = re.compile(r"نشر\s+في\s+(?P<name>\S+(?:\s+\S+){0,5}?)\s+يوم\s+(?P<rest>.{6,40})")
_SOURCE_LINK_TEXT = re.compile(r"(?:لقراءة|قراءة|لمتابعة)\s+(?:الخبر|المقال|الموضوع)\s+من\s+مصدره")
_SOURCE_LINK_SELECTOR = 'a[href]:lexbor-contains("مصدره")'
# "جريدة هسبريس", "موقع هسبريس": the kind of outlet is not part of its name.
_NAME_PREFIX = re.compile(r"^(?:موقع|جريدة|صحيفة|يومية|أسبوعية|مجلة|قناة|بوابة|إذاعة)\s+")
# Spellings aggregators vary: hamza on alef, ta marbuta, alef maqsura, tatweel, diacritics.
_NAME_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")

# News agencies, by the name we report when the registry does not know them, with the ways
# pages write them. Latin acronyms are words in lower case ("map"), so they count in capitals.
_AGENCIES: dict[str, tuple[str, ...]] = {
    "MAP": (
        "و م ع",
        "لاماب",
        "وكالة المغرب العربي للأنباء",
        "Maghreb Arabe Presse",
        "Agence Maghreb Arabe Presse",
        "MAP",
    ),
    "AFP": (
        "أ ف ب",
        "فرانس برس",
        "فرانس بريس",
        "وكالة الصحافة الفرنسية",
        "وكالة الأنباء الفرنسية",
        "Agence France-Presse",
        "Agence France Presse",
        "AFP",
    ),
    "Reuters": ("رويترز", "وكالة رويترز", "Reuters"),
    "AP": ("أسوشيتد برس", "أسوشييتد برس", "Associated Press", "AP"),
    "EFE": ("إفي", "إيفي", "وكالة إيفي", "EFE"),
    "Anadolu": ("الأناضول", "وكالة الأناضول", "Anadolu"),
    "dpa": ("د ب أ", "dpa"),
    "Xinhua": ("شينخوا", "Xinhua"),
    "Europa Press": ("أوروبا برس", "Europa Press"),
}


def _agency_pattern(variant: str) -> str:
    """A variant as a regex on folded text: "و م ع" also matches "و.م.ع" and "و. م. ع"."""
    words = _fold_letters(variant).split()
    if len(words) > 1 and all(len(word) == 1 for word in words):
        # Letters of an abbreviation, spaced or dotted; written together they are a word.
        return r"[\s.]+".join(re.escape(letter) for letter in words)
    return r"[\s-]+".join(re.escape(word) for word in words)


def _fold_letters(text: str) -> str:
    """Lower case, Arabic spelling variants folded, diacritics and tatweel dropped."""
    return _DIACRITICS.sub("", text.lower().translate(_NAME_FOLD))


_AGENCY_BY_FOLDED = {
    _fold_letters(variant).replace(" ", ""): agency
    for agency, variants in _AGENCIES.items()
    for variant in variants
}
_ACRONYMS = frozenset(
    variant for variants in _AGENCIES.values() for variant in variants if variant.isupper()
)
_AGENCY_IN_TEXT = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        _agency_pattern(variant)
        for variant in sorted(
            {v for vs in _AGENCIES.values() for v in vs}, key=lambda v: len(v), reverse=True
        )
    )
    + r")\.?(?!\w)"
)
# An agency's mark around a dispatch: in brackets or between dashes ("(و م ع)", "- MAP -").
_MARK_OPEN = "([-–—"
_MARK_CLOSE = ")]-–—:"
# A dispatch names its agency within the first words of its first paragraph.
_DATELINE_CHARS = 60
# Credit lines: "المصدر: <name>", "Source : <name>", "نقلا عن <name>".
_CREDIT_LABEL = re.compile(
    r"^\s*(?:(?:ال)?مصدر(?:\s+(?:الخبر|المقال))?|sources?|crédits?|credits?|via)\s*[:：]\s*"
    r"|^\s*(?:نقلا|نقلاً)\s+عن\s*[:：]?\s*"
    r"|^\s*(?:avec|with)\s+(?=\S)",
    re.IGNORECASE,
)
_CREDIT_LINE_CHARS = 100
# Outside the article text, a credit sits in an element named for it.
_CREDIT_MARKUP = '[class*="source" i], [class*="credit" i]'
_CREDIT_NAME_WORDS = 8
# A line that is only an agency's mark, maybe after a place: "الرباط - و م ع", "(MAP)".
_MARK_LINE_WORDS = 3
# What makes an unknown name an outlet rather than, say, a ministry quoted as a source.
_OUTLET_KIND = re.compile(
    r"^(?:موقع|جريدة|صحيفة|يومية|أسبوعية|مجلة|قناة|بوابة|إذاعة|وكالة)\s"
    r"|^(?:le\s+|la\s+|l')?(?:site|journal|quotidien|hebdomadaire|magazine|chaîne|agence)\s"
    r"|\.(?:ma|com|net|org|info|fr|press|news|tv)\b",
    re.IGNORECASE,
)
# Photo credits name agencies too ("صورة: أ ف ب", "Photo : AFP"); they credit the picture.
_PHOTO_CREDIT = re.compile(r"صور|photo|image|illustration|©|vidéo|فيديو", re.IGNORECASE)

_MARK_PUNCTUATION = " \t()[]-–—:.,،|/«»\"'"


@dataclass(frozen=True)
class Republication:
    outlet_name: str | None
    """The name as written on the page."""
    published: PublishedTime | None
    source_url: str | None


def find_republication(tree: LexborHTMLParser, page_text: str, url: str) -> Republication | None:
    """The republication line and source link, if the page has either."""
    line = _PUBLISHED_IN.search(page_text)
    source_url = None
    for link in tree.css(_SOURCE_LINK_SELECTOR):
        href = (link.attributes.get("href") or "").strip()
        if href and _SOURCE_LINK_TEXT.search(link.text()):
            source_url = urljoin(url, href)
            break
    if line is None and source_url is None:
        return None
    if line is None:
        return Republication(outlet_name=None, published=None, source_url=source_url)
    published = parse_date_text(line.group("rest"))
    return Republication(
        outlet_name=line.group("name").strip(), published=published, source_url=source_url
    )


def original_outlet(republication: Republication, registry: Registry) -> str | None:
    """Registry key of the original outlet: by the written name, else by the link's host."""
    if republication.outlet_name:
        key = resolve_outlet_name(republication.outlet_name, registry)
        if key is not None:
            return key
    if republication.source_url:
        by_url = registry.outlet_for_url(republication.source_url)
        if by_url is not None:
            return by_url.key
        host = urlsplit(republication.source_url).hostname
        if host:
            key = registry.resolve_name(host)
            if key is not None:
                return key
    if republication.outlet_name:
        return republication.outlet_name
    host = urlsplit(republication.source_url or "").hostname
    return host.removeprefix("www.") if host else None


def resolve_outlet_name(name: str, registry: Registry) -> str | None:
    """Registry key for an outlet name as an aggregator writes it, else None.

    Exact name/alias/host first, then without a "جريدة"/"موقع" prefix, then with Arabic
    spelling variants folded ("أطلس" = "اطلس", "ة" = "ه").
    """
    bare = _NAME_PREFIX.sub("", name.strip())
    for candidate in (name, bare):
        key = registry.resolve_name(candidate)
        if key is not None:
            return key
    wanted = _folded_name(bare)
    for outlet in registry.outlets:
        if any(
            _folded_name(known) == wanted for known in (outlet.key, outlet.name, *outlet.aliases)
        ):
            return outlet.key
    return None


def _folded_name(name: str) -> str:
    text = _fold_letters(name)
    return "".join(text.removeprefix("www.").split()).strip(".,:؛،")


def is_republication_furniture(text: str) -> bool:
    """True for the "نشر في ... يوم" line and the source-link line (not article text)."""
    return bool(_SOURCE_LINK_TEXT.search(text)) or (
        len(text) < 120 and _PUBLISHED_IN.search(text) is not None
    )


@dataclass(frozen=True)
class SourceCredit:
    """The outlet a page credits as its source, as written (or an agency's name)."""

    name: str
    agency: bool = False
    source_url: str | None = None


def agency_in(text: str) -> str | None:
    """The news agency ``text`` names (e.g. a byline "MAP" or "محمد - و م ع"), else None."""
    folded = _fold_letters(text)
    for match in _AGENCY_IN_TEXT.finditer(folded):
        agency = _agency_of(match, text)
        if agency is not None:
            return agency
    return None


def without_agency(text: str) -> str:
    """``text`` without the agency names it contains (same length folding keeps offsets)."""
    folded = _fold_letters(text)
    if len(folded) != len(text):
        return text
    kept, last = [], 0
    for match in _AGENCY_IN_TEXT.finditer(folded):
        if _agency_of(match, text) is not None:
            kept.append(text[last : match.start()])
            last = match.end()
    return "".join(kept) + text[last:]


def _agency_of(match: re.Match[str], text: str) -> str | None:
    written = match.group().rstrip(".")
    agency = _AGENCY_BY_FOLDED.get(re.sub(r"[\s.-]", "", written))
    if agency is None:
        return None
    folded_same_length = len(_fold_letters(text)) == len(text)
    original = text[match.start() : match.start() + len(written)] if folded_same_length else ""
    if original.upper() in _ACRONYMS and not original.isupper():
        return None  # "map", "ap": words, not agencies
    return agency


def credit_from_line(line: str) -> SourceCredit | None:
    """The credit a standalone line gives: "المصدر: هسبريس", "(و م ع)", "Rabat - MAP"."""
    text = " ".join(line.split())
    if not text or len(text) > _CREDIT_LINE_CHARS or _PHOTO_CREDIT.search(text):
        return None
    label = _CREDIT_LABEL.match(text)
    if label is not None:
        name = text[label.end() :].strip(_MARK_PUNCTUATION)
        if not name or len(name.split()) > _CREDIT_NAME_WORDS:
            return None
        agency = agency_in(name)
        if agency is not None and not without_agency(name).strip(_MARK_PUNCTUATION):
            return SourceCredit(agency, agency=True)
        return SourceCredit(name)
    agency = agency_in(text)
    if agency is None:
        return None
    rest = without_agency(text).strip(_MARK_PUNCTUATION)
    if len(rest.split()) > _MARK_LINE_WORDS:
        return None  # a sentence that mentions an agency, not its mark
    return SourceCredit(agency, agency=True)


class CreditLines:
    """A body filter: True for republication and credit lines, which are not article text.
    It keeps the credits it drops, so the article's source costs no second look."""

    def __init__(self) -> None:
        self.credits: list[SourceCredit] = []

    def __call__(self, text: str) -> bool:
        if is_republication_furniture(text):
            return True
        credit = credit_from_line(text)
        if credit is not None:
            self.credits.append(credit)
        return credit is not None


def find_source_credit(
    dropped: list[SourceCredit],
    container: LexborNode | None,
    scopes: list[LexborNode],
    ancestry: Ancestry,
    url: str,
) -> SourceCredit | None:
    """The article's credit line: the first the body filter dropped (with its link, if the
    line has one), else one in an element marked as the source near the title or the text."""
    if dropped:
        first = dropped[0]
        return SourceCredit(first.name, first.agency, _credit_link(container, first, url))
    # The article's block: the text's parent (the text and what follows it), else the title's.
    block = container.parent if container is not None else None
    for region in [block] if block is not None else scopes[-1:]:
        for node in region.css(_CREDIT_MARKUP):
            text = node.text()
            if len(text) > 2 * _CREDIT_LINE_CHARS:
                continue
            credit = credit_from_line(text)
            if credit is not None and not ancestry.within(node, NOISE_ONLY):
                link = node if node.tag == "a" else node.css_first("a[href]")
                return SourceCredit(credit.name, credit.agency, _href(link, url))
    return None


def _credit_link(container: LexborNode | None, credit: SourceCredit, url: str) -> str | None:
    """The link on the credited name in the article text ("المصدر: <a>هسبريس</a>")."""
    if container is None or credit.agency:
        return None
    for link in container.css("a[href]"):
        if " ".join(link.text().split()) == credit.name:
            return _href(link, url)
    return None


def _href(link: LexborNode | None, url: str) -> str | None:
    href = (link.attributes.get("href") or "").strip() if link is not None else ""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return urljoin(url, href)


def dispatch_agency(paragraphs: list[str]) -> str | None:
    """The agency whose mark opens the first paragraph ("الرباط (و م ع) - ...") or closes the
    last ("... (و م ع)"): the article is its dispatch."""
    if not paragraphs:
        return None
    return _marked_agency(paragraphs[0][:_DATELINE_CHARS], at_end=False) or _marked_agency(
        paragraphs[-1][-_DATELINE_CHARS:], at_end=True
    )


def _marked_agency(text: str, at_end: bool) -> str | None:
    folded = _fold_letters(text)
    if len(folded) != len(text):
        return None
    for match in _AGENCY_IN_TEXT.finditer(folded):
        agency = _agency_of(match, text)
        if agency is None:
            continue
        before = text[: match.start()].rstrip(" .")
        after = text[match.end() :].lstrip(" .")
        opened = not before or before[-1] in _MARK_OPEN
        closed = (not after and at_end) or (bool(after) and after[0] in _MARK_CLOSE)
        if opened and closed:
            return agency
    return None


def credited_outlet(
    credit: SourceCredit, registry: Registry, outlet: str | None, site_names: set[str]
) -> str | None:
    """Registry key (or name) of the credited outlet; None when the page credits itself or the
    name is not an outlet's (a ministry quoted as a source)."""
    names = (
        _AGENCIES.get(credit.name, (credit.name,)) if credit.agency else _name_parts(credit.name)
    )
    for name in names:
        if _is_own(name, site_names):
            return None
        key = resolve_outlet_name(name, registry)
        if key is not None:
            return None if key == outlet else key
    if credit.source_url:
        by_url = original_outlet(
            Republication(outlet_name=None, published=None, source_url=credit.source_url),
            registry,
        )
        if by_url is not None and by_url != outlet and not _is_own(by_url, site_names):
            return by_url
    if credit.agency:
        return credit.name
    name = names[-1]
    return name if _OUTLET_KIND.search(name) else None


def _name_parts(name: str) -> tuple[str, ...]:
    """ "(أبوظبي - البيان)" names a place, then the outlet: try the whole, then each part."""
    parts = [p.strip(_MARK_PUNCTUATION) for p in re.split(r"\s+[-–—/|]\s+", name)]
    return (name.strip(_MARK_PUNCTUATION), *[p for p in parts if p and p != name])


def _is_own(name: str, site_names: set[str]) -> bool:
    key = name_key(_NAME_PREFIX.sub("", name.strip()))
    return bool(key) and any(key == site or (len(key) >= 4 and key in site) for site in site_names)
