"""Per-outlet hints from the registry win over the generic rules, on that outlet only."""

from datetime import date
from pathlib import Path

import pytest

from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import Registry, load_registry

ARTICLE_URL = "https://hinted.example/news/77.html"
ELSEWHERE_URL = "https://other.example/news/77.html"
TITLE = "المجلس الجماعي يصادق على ميزانية السنة المقبلة"
BODY = (
    "صادق المجلس الجماعي خلال دورته العادية على مشروع الميزانية بأغلبية أعضائه الحاضرين.",
    "وتضمنت الميزانية اعتمادات لتأهيل الطرق وتوسيع شبكة الإنارة العمومية في الأحياء الجديدة.",
)
# The generic rules are misled here on purpose: a subscription offer is the biggest text block and
# carries the page's only <h1>; the real headline is an <h2 class="x-head">.
PAGE = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>موقع</title></head>
<body><div class="x-lead"><h1>عروض خاصة على الاشتراك السنوي في الجريدة</h1>
<p>{"اشترك الآن واستفد من تخفيض كبير على جميع العروض السنوية للجريدة الورقية والرقمية. " * 4}</p>
<p>{"العرض صالح إلى غاية نهاية الشهر الجاري في جميع نقط البيع المعتمدة. " * 4}</p></div>
<div class="x-story"><h2 class="x-head">{TITLE}</h2>
<span class="x-when">12 - 03 - 2026</span><span class="x-who">سعيد الإدريسي</span>
<div class="x-text"><p>{BODY[0]}</p><p>{BODY[1]}</p></div></div></body></html>""".encode()


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "topics: [regions]\n"
        "outlets:\n"
        "  - key: hinted\n"
        "    name: موقع التلميح\n"
        "    base_url: https://hinted.example/\n"
        "    language: ar\n"
        "    hints:\n"
        "      title: h2.x-head\n"
        "      body: div.x-text\n"
        "      published: .x-when\n"
        "      author: .x-who\n"
        "      section: .no-such-element\n",
        encoding="utf-8",
    )
    return load_registry(path)


def test_hints_fix_what_generic_rules_get_wrong(registry: Registry) -> None:
    generic = parse_page(PAGE, ELSEWHERE_URL, registry)
    # The trap works: without hints the promo block wins both title and body.
    assert generic.title != TITLE
    assert generic.body != "\n\n".join(BODY)

    parsed = parse_page(PAGE, ARTICLE_URL, registry)
    assert parsed.outlet == "hinted"
    assert parsed.title == TITLE
    assert parsed.body == "\n\n".join(BODY)
    assert parsed.published is not None and parsed.published.local_day == date(2026, 3, 12)
    assert parsed.author == "سعيد الإدريسي"
    assert parsed.is_article, parsed.reason


def test_a_hint_that_matches_nothing_falls_back_to_generic_rules(registry: Registry) -> None:
    parsed = parse_page(PAGE, ARTICLE_URL, registry)
    assert parsed.section is None  # no generic section on this page either, and no crash


def test_an_unreadable_selector_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "topics: [regions]\noutlets:\n  - key: hinted\n    name: x\n"
        "    base_url: https://hinted.example/\n    language: ar\n"
        "    hints: {title: 'h2[', body: '!!'}\n",
        encoding="utf-8",
    )
    parsed = parse_page(PAGE, ARTICLE_URL, load_registry(path))
    assert parsed.title is not None  # the generic rules still ran
    assert not (parsed.reason or "").startswith("unparseable")
