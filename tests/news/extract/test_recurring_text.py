"""Outlet boilerplate is learned from recurrence at the edges of many pages of one outlet,
never from one page; the article's own repeated sentences (quotes, stock phrases, datelines)
stay."""

from pipelines.news.extract.recurring_text import (
    MIN_SAMPLE,
    learn_recurring,
    strip_recurring,
    without_outlet_boilerplate,
)
from pipelines.news.models import ParsedPage

PLACEHOLDER = "صورة تعبيرية من أرشيف الموقع."
DISCLAIMER = "المقالات المنشورة تعبر عن آراء أصحابها ولا تلزم الموقع."
APP = "تابعوا آخر الأخبار على تطبيقنا للهواتف الذكية."
QUOTE = "وقال الوزير «إن الإصلاح سيستمر مهما كانت الصعوبات» أمام البرلمان."
STOCK = "وأكدت مصادر مطلعة أن الملف سيعرف مستجدات خلال الأيام المقبلة."


SECTORS = ["الفلاحة", "الصحة", "التعليم", "السياحة", "الصيد", "النقل", "الطاقة", "السكن"]
CITIES = ["فاس", "طنجة", "وجدة", "أكادير", "مراكش", "العيون", "تطوان", "الجديدة"]


def _article(i: int, *, quote: bool = False, stock: bool = True) -> str:
    """An article's own text: a dateline that opens a sentence, facts that differ per page."""
    sector, city = SECTORS[i % len(SECTORS)], CITIES[(i * 3) % len(CITIES)]
    middle = [f"وأعلنت وزارة {sector} عن إجراءات جديدة تهم جهة {city}."]
    if stock:
        middle.append(STOCK)  # a stock phrase of the outlet's writers, inside the text
    if quote:
        middle.append(QUOTE)
    return (
        f"الرباط - قدمت الحكومة اليوم برنامجا لدعم قطاع {sector}.\n\n"
        + " ".join(middle)
        + f"\n\nوينتظر أن يبدأ التنفيذ في {city} قبل نهاية السنة."
    )


def _page(body: str | None, outlet: str = "atlas", i: int = 0) -> ParsedPage:
    return ParsedPage(url=f"https://{outlet}.test/{i}", is_article=True, outlet=outlet, body=body)


def test_notices_around_the_text_are_learned_and_removed() -> None:
    pages = [
        _page(f"{PLACEHOLDER}\n\n{_article(i, quote=i < 3)} {APP}\n\n{DISCLAIMER}", i=i)
        for i in range(8)
    ]
    cleaned = [page.body for page in without_outlet_boilerplate(pages)]
    for i, body in enumerate(cleaned):
        # Every notice is gone, in its own block or closing the last paragraph (once the
        # disclaimer after it is peeled off)...
        assert body is not None and PLACEHOLDER not in body and DISCLAIMER not in body
        assert APP not in body
        # ...and the article is whole: dateline, stock phrase, quote, last sentence.
        assert body == _article(i, quote=i < 3)


def test_stacked_notices_come_off_one_layer_per_round() -> None:
    second = "جميع الحقوق محفوظة لأصحابها وفق القانون المعمول به."
    pages = [_page(f"{PLACEHOLDER}\n\n{second}\n\n{_article(i)}", i=i) for i in range(8)]
    cleaned = without_outlet_boilerplate(pages)
    assert [p.body for p in cleaned] == [_article(i) for i in range(8)]


def test_nothing_is_learned_from_one_page_or_too_few() -> None:
    lone = f"{PLACEHOLDER}\n\n{_article(0)}"
    assert without_outlet_boilerplate([_page(lone)])[0].body == lone
    few = [_page(f"{PLACEHOLDER}\n\n{_article(i)}", i=i) for i in range(MIN_SAMPLE - 1)]
    assert [p.body for p in without_outlet_boilerplate(few)] == [p.body for p in few]


def test_each_outlet_learns_from_its_own_pages() -> None:
    atlas = [_page(f"{PLACEHOLDER}\n\n{_article(i)}", "atlas", i) for i in range(6)]
    # Another outlet that quotes the same sentence at the top of only two of its pages.
    rabat = [
        _page(f"{PLACEHOLDER}\n\n{_article(i)}" if i < 2 else _article(i), "rabat", i)
        for i in range(6)
    ]
    cleaned = without_outlet_boilerplate(atlas + rabat)
    assert all(PLACEHOLDER not in (p.body or "") for p in cleaned[:6])
    assert [p.body for p in cleaned[6:]] == [p.body for p in rabat]


def test_a_notice_stamped_with_numbers_is_still_one_notice() -> None:
    bodies = [f"{_article(i)}\n\nتم تحديث هذا الخبر على الساعة {10 + i}:{i}5." for i in range(6)]
    learned = learn_recurring(bodies)
    assert [strip_recurring(b, learned) for b in bodies] == [_article(i) for i in range(6)]


def test_a_sentence_every_page_repeats_inside_the_text_is_kept() -> None:
    # The stock phrase is on every page, but never at an edge: it is the writers', not the
    # template's. (Recurrence alone would remove it.)
    bodies = [_article(i, stock=True) for i in range(12)]
    assert learn_recurring(bodies).sentences == frozenset()


def test_a_notice_run_into_an_unpunctuated_last_line_is_cut_off() -> None:
    # Most pages end with a full stop before the notice; one ends with a credit line.
    pages = [_page(f"{_article(i)} {APP}", i=i) for i in range(6)]
    pages.append(_page(f"{_article(6)}\n\nالمصدر: وكالة الأنباء {APP}", i=6))
    cleaned = [p.body for p in without_outlet_boilerplate(pages)]
    assert cleaned[:6] == [_article(i) for i in range(6)]
    assert cleaned[6] == f"{_article(6)}\n\nالمصدر: وكالة الأنباء"
