"""An aggregator page built like the seed page (ticker, "نشر في <outlet> يوم", body,
source link), with text written for this test."""

from datetime import date
from pathlib import Path

import pytest

from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import Registry, load_registry

PAGE_URL = "https://aggregator.example/news/4521.html"
SOURCE_URL = "https://www.hespress.com/societe/123456.html"
BODY = (
    "عقدت جماعة المدينة لقاء تواصليا مع جمعيات الأحياء لمناقشة برنامج تأهيل الساحات العمومية"
    " قبل حلول فصل الصيف، بحضور ممثلين عن السلطات المحلية والمصالح التقنية.",
    "وأكد رئيس الجماعة أن البرنامج يشمل غرس الأشجار وتجديد الإنارة العمومية وإحداث فضاءات"
    " للعب الأطفال، على أن تنطلق الأشغال في الأسابيع المقبلة.",
    "من جهتهم، طالب ممثلو الجمعيات بإشراك الساكنة في تتبع المشاريع، وبتخصيص جزء من الميزانية"
    " لصيانة المرافق بعد تسليمها.",
)
TICKER = (
    "افتتاح معرض الكتاب بالدار البيضاء",
    "أمطار رعدية مرتقبة بعدد من المناطق",
    "افتتاح معرض الكتاب بالدار البيضاء",
    "المنتخب يستعد لمباراته الودية",
)


def aggregator_page(outlet_name: str = "هسبريس", source_url: str = SOURCE_URL) -> bytes:
    ticker = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TICKER))
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>الجماعة تناقش تأهيل الساحات العمومية مع الجمعيات | مجمع الأخبار</title></head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/c/society">مجتمع</a></nav></header>
<div class="breaking-news"><span>عاجل</span><ul>{ticker}</ul></div>
<div class="report-alert">شكرا على الإبلاغ!</div>
<div class="wrapper"><div class="col">
<h1>الجماعة تناقش تأهيل الساحات العمومية مع الجمعيات</h1>
<div class="origin">نشر في <a href="/s/hespress">{outlet_name}</a> يوم 17 - 06 - 2020</div>
<div class="text">{paragraphs}</div>
<p><a href="{source_url}" rel="nofollow">انقر هنا لقراءة الخبر من مصدره.</a></p>
</div></div>
<div class="comments"><p>تعليق قديم نشر يوم 18 - 06 - 2020 من طرف قارئ</p></div>
<footer><p>© 2024 مجمع الأخبار. جميع الحقوق محفوظة</p></footer>
</body></html>"""
    return html.encode("utf-8")


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "topics: [society]\n"
        "outlets:\n"
        "  - key: hespress\n"
        "    name: هسبريس\n"
        "    aliases: [hespress.com]\n"
        "    base_url: https://www.hespress.com/\n"
        "    language: ar\n",
        encoding="utf-8",
    )
    return load_registry(path)


def test_seed_like_aggregator_page_names_its_original_outlet(registry: Registry) -> None:
    parsed = parse_page(aggregator_page(), PAGE_URL, registry, content_type="text/html")
    assert parsed.is_article, parsed.reason
    assert parsed.outlet == "aggregator.example"  # not in the registry: the host
    assert parsed.original_outlet == "hespress"
    assert parsed.original_url == SOURCE_URL
    assert parsed.title == "الجماعة تناقش تأهيل الساحات العمومية مع الجمعيات"
    assert parsed.published is not None
    assert parsed.published.local_day == date(2020, 6, 17)
    assert parsed.published.moment is None
    assert parsed.body == "\n\n".join(BODY)
    assert parsed.ticker == TICKER
    assert parsed.language == "ar"


def test_unknown_name_falls_back_to_the_source_link_host(registry: Registry) -> None:
    page = aggregator_page(outlet_name="هسبريس الإلكترونية")
    assert parse_page(page, PAGE_URL, registry).original_outlet == "hespress"


def test_unknown_name_and_host_keep_the_name_as_written(registry: Registry) -> None:
    page = aggregator_page(outlet_name="جريدة الشمال", source_url="/go?to=elsewhere")
    parsed = parse_page(page, PAGE_URL, registry)
    assert parsed.original_outlet == "جريدة الشمال"
    assert parsed.original_url == "https://aggregator.example/go?to=elsewhere"


def test_outlet_name_and_source_host_resolve_to_one_registry_key(tmp_path: Path) -> None:
    """The registry lists hespress under another base URL: name and link still meet there."""
    path = tmp_path / "sources.yaml"
    path.write_text(
        "topics: [society]\noutlets:\n  - key: hespress\n    name: هسبريس\n"
        "    aliases: [hespress.com]\n    base_url: https://fr.hespress.com/\n    language: ar\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    by_name = parse_page(aggregator_page(), PAGE_URL, registry)
    by_link = parse_page(aggregator_page(outlet_name="موقع إخباري"), PAGE_URL, registry)
    assert by_name.original_outlet == by_link.original_outlet == "hespress"
    assert by_name.original_url == SOURCE_URL
    # The original outlet's own page (host www.hespress.com) is the same outlet too.
    assert parse_page(aggregator_page(), SOURCE_URL, registry).outlet == "hespress"


@pytest.mark.parametrize(
    "written", ["هسبريس", "جريدة هسبريس", "موقع هسبريس", "هسبـريس", "Hespress"]
)
def test_spelling_variants_of_an_outlet_name_resolve_to_its_key(
    registry: Registry, written: str
) -> None:
    page = aggregator_page(outlet_name=written, source_url="/go?to=elsewhere")
    assert parse_page(page, PAGE_URL, registry).original_outlet == "hespress"
