"""The article's section: structured data, a category link, then the breadcrumb."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipelines.news.extract.body import clean_text
from pipelines.news.extract.boilerplate import NOISE_ONLY, Ancestry
from pipelines.news.extract.meta_tags import meta_values
from pipelines.news.extract.page_metadata import SECTION_META_KEYS, PageMetadata

_HOME_LABELS = frozenset({"الرئيسية", "الصفحة الرئيسية", "home", "accueil", "خانه", "صفحه اصلی"})
_BREADCRUMB_SELECTOR = (
    '[class*="breadcrumb" i], [id*="breadcrumb" i], [aria-label*="breadcrumb" i],'
    ' [itemtype*="BreadcrumbList"]'
)


def find_section(
    metadata: PageMetadata, tree: LexborHTMLParser, ancestry: Ancestry, title: str | None
) -> str | None:
    for value in (metadata.section, *meta_values(metadata, SECTION_META_KEYS)):
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
