"""Any bytes in, a ParsedPage out; generic rules on an unknown site. (How fast: not asserted
here, measured by benchmarks/extract.py.)"""

import random
from datetime import UTC, date, datetime

import pytest

from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import load_registry

REGISTRY = load_registry()
URL = "https://www.unknown-news.example/2026/03/01/story.html"


def _random_bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \n\t ",
        b"\x00\x01\x02\xff" * 1000,
        _random_bytes(1, 50_000),
        b"<html><body><p>unterminated <div><span>",
        b"<" * 100_000,
        b"<div>" * 20_000 + b"deep" + b"</div>" * 20_000,
        b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": [1, {}]</script>',
        b'<script type="application/ld+json">[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]</script>',
        "نص عادي بلا وسوم HTML".encode(),
    ],
)
def test_garbage_gives_a_non_article_with_a_reason(raw: bytes) -> None:
    parsed = parse_page(raw, URL, REGISTRY, content_type="text/html; charset=utf-8")
    assert parsed.is_article is False
    assert parsed.reason
    assert parsed.outlet == "unknown-news.example"


def test_a_very_large_page_keeps_its_headline() -> None:
    paragraph = "<p>" + "كلمة " * 60 + "</p>"
    raw = (
        "<html><head><title>عنوان</title></head><body><article><h1>عنوان المقال الطويل</h1>"
        + paragraph * 20_000
        + "</article></body></html>"
    ).encode()
    parsed = parse_page(raw, URL, REGISTRY)
    assert parsed.title == "عنوان المقال الطويل"


UNKNOWN_SITE_PAGE = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>ارتفاع أسعار الخضر في الأسواق | جريدة المثال</title>
<meta property="og:site_name" content="جريدة المثال"></head><body>
<header class="top"><div class="today">الأحد 1 مارس 2026</div>
<nav><a href="/">الرئيسية</a></nav></header>
<div class="ticker"><a href="/a">خبر عاجل أول</a><a href="/b">خبر عاجل ثان</a></div>
<main><nav class="crumbs breadcrumb"><a href="/">الرئيسية</a> › <a href="/eco">اقتصاد</a>
 › <span>ارتفاع أسعار الخضر في الأسواق</span></nav>
<h1>ارتفاع أسعار الخضر في الأسواق</h1>
<div class="meta"><span>كتب: سعاد المحمدي</span> | <span>منذ 3 ساعات</span></div>
<p>عرفت أسعار الخضر ارتفاعا ملحوظا في عدد من الأسواق خلال الأسبوع الجاري، حسب ما عاينه
تجار الجملة في المدينة.</p>
<p>وأرجع مهنيون هذا الارتفاع إلى تراجع العرض بسبب التقلبات الجوية التي عرفتها مناطق الإنتاج
في الأسابيع الأخيرة.</p>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<section class="comments"><p>أحمد: الأسعار مرتفعة جدا منذ يومين في سوقنا كذلك.</p></section>
</main><footer>© 2024 جريدة المثال</footer></body></html>"""


def test_an_unknown_site_gets_title_relative_date_author_section_body() -> None:
    fetched_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    parsed = parse_page(UNKNOWN_SITE_PAGE.encode(), URL, REGISTRY, fetched_at=fetched_at)
    assert parsed.is_article, parsed.reason
    assert parsed.title == "ارتفاع أسعار الخضر في الأسواق"
    assert parsed.published is not None
    assert parsed.published.moment == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert parsed.published.local_day == date(2026, 3, 1)
    assert parsed.author == "سعاد المحمدي"
    assert parsed.section == "اقتصاد"
    assert parsed.ticker == ("خبر عاجل أول", "خبر عاجل ثان")
    assert parsed.body is not None and parsed.body.count("\n\n") == 1
    assert "الأسعار مرتفعة جدا" not in parsed.body
    assert parsed.original_outlet is None


def test_without_a_fetch_time_a_relative_date_is_not_guessed() -> None:
    parsed = parse_page(UNKNOWN_SITE_PAGE.encode(), URL, REGISTRY)
    assert parsed.published is None
    assert parsed.reason == "no publication date"


def test_a_page_without_any_title_says_so() -> None:
    raw = b"<html><body><div><p>" + "نص ".encode() * 200 + b"</p></div></body></html>"
    parsed = parse_page(raw, URL, REGISTRY)
    assert (parsed.is_article, parsed.reason) == (False, "no title")


UPDATED_FIRST_PAGE = """<html lang="ar"><head><meta charset="utf-8"><title>عنوان</title>
<meta property="article:modified_time" content="2026-03-05T10:00:00Z"></head><body><article>
<h1>الحكومة تصادق على مشروع قانون المالية</h1>
<div class="meta">
<time class="updated" datetime="2026-03-05T10:00:00Z">آخر تحديث: 5 مارس 2026</time>
<span>آخر تحديث: 5 مارس 2026 - 11:00</span> <span>نشر في 3 مارس 2026 - 09:15</span></div>
<p>صادق مجلس الحكومة على مشروع القانون بعد دراسة مستفيضة لمقتضياته.</p>
<p>وينص المشروع على إجراءات جديدة لدعم المقاولات الصغرى والمتوسطة.</p>
</article><footer>© 2026 جريدة المثال</footer></body></html>"""


def test_the_published_date_wins_over_an_update_written_first() -> None:
    parsed = parse_page(UPDATED_FIRST_PAGE.encode(), URL, REGISTRY)
    assert parsed.published is not None
    assert parsed.published.local_day == date(2026, 3, 3)
    assert parsed.modified_at is not None
    assert parsed.modified_at.moment == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
