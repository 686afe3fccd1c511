"""Dates, titles, bylines and source credits decided on the page's own evidence.

One section per failure class measured on real Moroccan pages: times labelled with a zone,
the visible headline against SEO titles, bylines that name no person, credit lines and agency
dispatches, and structured data that contradicts the page's labelled publication line. Every
page here is written for this test (invented sentences, invented names).
"""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipelines.news.dates import parse_date_text
from pipelines.news.extract.parser import parse_page
from pipelines.news.models import ParsedPage
from pipelines.news.sources import Registry, load_registry

URL = "https://www.akhbar-almadina.example/politique/2020/06/17/jalsa.html"
SITE = "أخبار المدينة"
HEADLINE = "المجلس الجماعي يصادق على برنامج تأهيل الأحياء القديمة"
BODY = (
    "صادق المجلس الجماعي خلال دورته العادية على برنامج لتأهيل الأحياء القديمة يمتد على ثلاث"
    " سنوات، ويشمل ترميم الواجهات وتجديد شبكات الماء والإنارة.",
    "وأوضح رئيس المجلس أن البرنامج سيمول بشراكة مع عدد من القطاعات الحكومية، على أن تنطلق"
    " الأشغال الأولى قبل نهاية السنة الجارية.",
)

FRENCH_BODY = (
    "Le conseil communal a adopté un programme de réhabilitation des quartiers anciens,"
    " qui s'étendra sur trois ans et comprend la rénovation des façades.",
    "Les premiers travaux commenceront avant la fin de l'année, selon le président du conseil.",
)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("registry") / "sources.yaml"
    path.write_text(
        "topics: [politics]\n"
        "outlets:\n"
        "  - key: hespress\n"
        "    name: هسبريس\n"
        "    aliases: [hespress.com]\n"
        "    base_url: https://www.hespress.com/\n"
        "    language: ar\n"
        "  - key: map\n"
        "    name: وكالة المغرب العربي للأنباء\n"
        "    aliases: [MAP, mapexpress.ma]\n"
        "    base_url: https://www.mapexpress.ma/\n"
        "    language: ar\n",
        encoding="utf-8",
    )
    return load_registry(path)


def page(
    *,
    h1: str = HEADLINE,
    og_title: str | None = None,
    title_tag: str | None = None,
    published: str | None = "2020-06-17T09:00:00Z",
    head: str = "",
    meta_line: str = "",
    paragraphs: tuple[str, ...] = BODY,
    after_text: str = "",
) -> bytes:
    """An article page: site header, the article's h1 and meta line, its text, a footer.
    ``published`` goes to ``article:published_time`` (None: the page declares no date)."""
    og = f'<meta property="og:title" content="{og_title}">' if og_title is not None else ""
    if published is not None:
        og += f'<meta property="article:published_time" content="{published}">'
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title_tag if title_tag is not None else f"{h1} - {SITE}"}</title>
<meta property="og:site_name" content="{SITE}">{og}{head}</head><body>
<header><a class="logo" href="/">{SITE}</a><nav><a href="/politique">سياسة</a></nav></header>
<main><article>
<h1>{h1}</h1>
<div class="post-meta">{meta_line}</div>
<div class="article-body">{text}</div>
{after_text}
</article></main>
<footer><p>© 2020 {SITE}. جميع الحقوق محفوظة</p></footer>
</body></html>"""
    return html.encode("utf-8")


def json_ld(**fields: str) -> str:
    pairs = ", ".join(f'"{key}": {value}' for key, value in fields.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {pairs}}}</script>'


def parse(raw: bytes, registry: Registry | None = None) -> ParsedPage:
    parsed = parse_page(raw, URL, registry or load_registry(), content_type="text/html")
    assert parsed.is_article, parsed.reason
    return parsed


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- 1. A time labelled with a zone is read in that zone -------------------------------------


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("17 يونيو 2020 - 19:05 GMT", utc(2020, 6, 17, 19, 5)),
        ("17 يونيو 2020 على الساعة 19:05 بتوقيت غرينتش", utc(2020, 6, 17, 19, 5)),
        ("17 يونيو 2020 - 19:05 ت.غ", utc(2020, 6, 17, 19, 5)),
        ("17/06/2020 19:05 UTC", utc(2020, 6, 17, 19, 5)),
        ("17/06/2020 19:05 (GMT+1)", utc(2020, 6, 17, 18, 5)),
        ("17/06/2020 19:05 +01:00", utc(2020, 6, 17, 18, 5)),
        ("17 يونيو 2020 19:05 بتوقيت مكة المكرمة", utc(2020, 6, 17, 16, 5)),
        ("17 juin 2020 à 19h05 heure de Paris", utc(2020, 6, 17, 17, 5)),  # CEST in June
        ("GMT 19:05 17.06.2020", utc(2020, 6, 17, 19, 5)),  # zone and time before the date
        ("19:05 GMT - الأربعاء 17 يونيو 2020", utc(2020, 6, 17, 19, 5)),
    ],
)
def test_a_time_labelled_with_a_zone_is_read_in_that_zone(text: str, moment: datetime) -> None:
    published = parse_date_text(text)
    assert published is not None
    assert published.moment == moment


def test_a_zoned_time_late_in_the_evening_falls_on_the_next_casablanca_day() -> None:
    # June 2020: Casablanca is UTC+1, so 23:30 GMT is already 00:30 on the 18th.
    summer = parse_date_text("17 يونيو 2020 - 23:30 GMT")
    assert summer is not None and summer.moment == utc(2020, 6, 17, 23, 30)
    assert summer.local_day == date(2020, 6, 18)
    # Ramadan 2026: Casablanca is UTC+0, so the same clock stays on the same day.
    ramadan = parse_date_text("1 مارس 2026 - 23:30 GMT")
    assert ramadan is not None and ramadan.local_day == date(2026, 3, 1)


def test_a_time_without_a_zone_is_still_casablanca_time() -> None:
    published = parse_date_text("17 يونيو 2020 - 19:05")
    assert published is not None and published.moment == utc(2020, 6, 17, 18, 5)


def test_a_lower_case_abbreviation_is_a_word_not_a_zone() -> None:
    # "est" after a time is French for "is", not Eastern Standard Time.
    published = parse_date_text("La séance du 17 juin 2020 à 19h05 est reportée")
    assert published is not None and published.moment == utc(2020, 6, 17, 18, 5)


def test_a_zoned_publication_line_gives_the_instant_and_the_local_day() -> None:
    parsed = parse(page(published=None, meta_line="نشر في: 17 يونيو 2020 - 23:30 بتوقيت غرينتش"))
    assert parsed.published is not None
    assert parsed.published.moment == utc(2020, 6, 17, 23, 30)
    assert parsed.published.local_day == date(2020, 6, 18)


def test_a_date_without_a_time_has_no_instant() -> None:
    parsed = parse(page(published=None, meta_line="نشر في: 17 يونيو 2020"))
    assert parsed.published is not None
    assert parsed.published.local_day == date(2020, 6, 17)
    assert parsed.published.moment is None


# -- 2. The visible headline wins over og:title and <title> ----------------------------------


def test_the_visible_headline_wins_over_a_reworded_og_title() -> None:
    seo = "برنامج تأهيل الأحياء القديمة: كل ما تريد معرفته | أخبار المدينة"
    parsed = parse(page(og_title=seo, title_tag=seo))
    assert parsed.title == HEADLINE


def test_the_visible_headline_wins_over_a_rewritten_og_title_sharing_no_words() -> None:
    seo = "Rénovation des vieux quartiers : le conseil vote"
    assert parse(page(og_title=seo, title_tag=seo)).title == HEADLINE


def test_the_visible_headline_keeps_its_capitals_when_og_title_lowers_them() -> None:
    h1 = "Le Conseil Adopte Le Programme De Réhabilitation"
    parsed = parse(page(h1=h1, og_title=h1.lower() + " - Akhbar"))
    assert parsed.title == h1


def test_a_heading_in_the_site_header_still_wins_when_it_says_what_og_title_says() -> None:
    # A template that puts the article's h1 in a <header> outside <article>.
    raw = page(h1="", og_title=HEADLINE.replace("القديمة", "العتيقة") + f" | {SITE}")
    raw = raw.replace(
        b"<header>", f'<header class="article-header"><h1>{HEADLINE}</h1>'.encode(), 1
    )
    assert parse(raw).title == HEADLINE


def test_the_site_name_in_an_h1_is_not_the_headline() -> None:
    raw = page(h1=SITE, og_title=HEADLINE)
    assert parse(raw).title == HEADLINE


def test_a_heading_cut_short_gives_way_to_the_full_declared_title() -> None:
    cut = HEADLINE[:25] + "…"
    assert parse(page(h1=cut, og_title=HEADLINE)).title == HEADLINE


def test_same_words_same_spelling_keep_the_declared_string() -> None:
    # The h1 shows decorative quotes around its first words; og:title has the bare words.
    quoted = '"المجلس الجماعي" يصادق على برنامج تأهيل الأحياء القديمة'
    assert parse(page(h1=quoted, og_title=HEADLINE)).title == HEADLINE


# -- 3. Bylines: people, newsrooms and agencies ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("بقلم: سناء الفاسي", "سناء الفاسي"),
        ("بقلم سناء الفاسي", "سناء الفاسي"),
        ("حرر من طرف: يونس البقالي", "يونس البقالي"),
        ("حرر من طرف يونس البقالي", "يونس البقالي"),
        ("كتبه: عادل المرابط", "عادل المرابط"),
        ("كتبت نادية الصقلي", "نادية الصقلي"),
        ("المراسل: حميد الزاوي", "حميد الزاوي"),
        ("Par Karim Benali", "Karim Benali"),
        ("Par : Leila El Tazi", "Leila El Tazi"),
        ("Rédigé par Amine Ait Lahcen", "Amine Ait Lahcen"),
    ],
)
def test_bylines_in_the_usual_arabic_and_french_forms(line: str, author: str) -> None:
    parsed = parse(page(meta_line=f"<span>{line}</span> | <span>17/06/2020</span>"))
    assert parsed.author == author


@pytest.mark.parametrize(
    "line",
    [
        "Par la rédaction",
        "La Rédaction",
        "هيئة التحرير",
        "بقلم: هيئة التحرير",
        "The editorial team",
    ],
)
def test_a_newsroom_label_is_no_author(line: str) -> None:
    assert parse(page(meta_line=f'<span class="author">{line}</span>')).author is None


def test_a_prose_line_opening_with_par_is_no_byline() -> None:
    raw = page(meta_line="<span>Par ailleurs, la séance a été levée tôt</span>")
    assert parse(raw).author is None


@pytest.mark.parametrize("line", ["و م ع", "و.م.ع", "MAP", "بقلم: و. م. ع"])
def test_an_agency_byline_is_no_author_and_is_the_source(line: str, registry: Registry) -> None:
    parsed = parse(page(meta_line=f'<span class="author">{line}</span>'), registry)
    assert parsed.author is None
    assert parsed.original_outlet == "map"  # the registry knows MAP by these names


def test_a_journalist_of_an_agency_is_the_author_and_the_agency_the_source() -> None:
    parsed = parse(page(meta_line='<span class="author">بقلم: مريم الكتاني (و م ع)</span>'))
    assert parsed.author == "مريم الكتاني"
    assert parsed.original_outlet == "MAP"  # not in this registry: the agency's name


def test_an_organisation_as_json_ld_author_is_no_person() -> None:
    head = json_ld(author='{"@type": "Organization", "name": "Agence France-Presse"}')
    parsed = parse(page(head=head))
    assert parsed.author is None
    assert parsed.original_outlet == "AFP"


# -- 4. Credit lines and agency dispatches name the original outlet ------------------------


def test_a_source_line_names_the_registry_outlet_and_leaves_the_body(registry: Registry) -> None:
    parsed = parse(page(paragraphs=(*BODY, "المصدر: هسبريس")), registry)
    assert parsed.original_outlet == "hespress"
    assert parsed.body == "\n\n".join(BODY)


def test_a_linked_source_line_gives_the_original_url(registry: Registry) -> None:
    link = '<a href="https://www.hespress.com/politique/55.html">هسبريس</a>'
    parsed = parse(page(paragraphs=(*BODY, f"Source : {link}")), registry)
    assert parsed.original_outlet == "hespress"
    assert parsed.original_url == "https://www.hespress.com/politique/55.html"
    assert "Source" not in (parsed.body or "")


def test_an_unknown_outlet_is_kept_as_written_when_it_reads_as_an_outlet() -> None:
    parsed = parse(page(paragraphs=(*BODY, "نقلا عن موقع الأطلس اليوم")))
    assert parsed.original_outlet == "موقع الأطلس اليوم"
    assert parsed.body == "\n\n".join(BODY)


def test_a_ministry_given_as_source_is_no_outlet_and_no_body_text() -> None:
    parsed = parse(page(paragraphs=(*BODY, "المصدر: وزارة التجهيز")))
    assert parsed.original_outlet is None
    assert parsed.body == "\n\n".join(BODY)


def test_a_credit_to_the_site_itself_names_no_original_outlet() -> None:
    parsed = parse(page(paragraphs=(*BODY, f"المصدر: (الرباط - {SITE})")))
    assert parsed.original_outlet is None


@pytest.mark.parametrize("mark", ["(و م ع)", "- و.م.ع -", "MAP", "(MAP)"])
def test_an_agency_mark_on_its_own_line_names_the_agency(mark: str, registry: Registry) -> None:
    parsed = parse(page(paragraphs=(*BODY, mark)), registry)
    assert parsed.original_outlet == "map"
    assert parsed.body == "\n\n".join(BODY)


def test_an_agency_dateline_names_the_agency_and_stays_in_the_text() -> None:
    first = "الرباط (و م ع) - " + BODY[0]
    parsed = parse(page(paragraphs=(first, BODY[1])))
    assert parsed.original_outlet == "MAP"
    assert parsed.body == f"{first}\n\n{BODY[1]}"


def test_a_french_dispatch_closing_mark_names_the_agency() -> None:
    text = (FRENCH_BODY[0], FRENCH_BODY[1] + " (AFP)")
    assert parse(page(paragraphs=text)).original_outlet == "AFP"


def test_an_agency_quoted_in_the_text_or_a_photo_credit_is_not_the_source() -> None:
    quoted = BODY[1] + " ونقلت وكالة رويترز عن مصدر مطلع أن الاتفاق سيوقع قريبا."
    photo = '<figure><img src="/a.jpg"><figcaption>صورة: أ ف ب</figcaption></figure>'
    parsed = parse(page(paragraphs=(BODY[0], quoted, "صورة: أ ف ب"), after_text=photo))
    assert parsed.original_outlet is None


# -- 5. Structured data against the page's labelled publication line -----------------------


def test_a_datepublished_that_is_the_visible_update_gives_way_to_the_publication_line() -> None:
    head = json_ld(datePublished='"2020-06-18T07:00:00Z"')
    line = "<span>نشر في: 17/06/2020 - 10:00</span> | <span>آخر تحديث: 18/06/2020 - 08:00</span>"
    parsed = parse(page(published=None, head=head, meta_line=line))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 9, 0)
    assert parsed.modified_at is not None and parsed.modified_at.moment == utc(2020, 6, 18, 7, 0)


def test_a_later_meta_time_than_the_publie_le_line_is_kept_as_the_update() -> None:
    head = '<meta property="article:published_time" content="2020-06-18T09:30:00+01:00">'
    raw = page(
        h1="Le conseil adopte le programme de réhabilitation",
        published=None,
        head=head,
        meta_line="Publié le 17 juin 2020 à 10h00",
        paragraphs=FRENCH_BODY,
    )
    parsed = parse(raw)
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 9, 0)
    assert parsed.modified_at is not None and parsed.modified_at.moment == utc(2020, 6, 18, 8, 30)


def test_a_labelled_date_without_time_on_another_day_wins_without_an_instant() -> None:
    head = json_ld(datePublished='"2020-06-19T12:00:00Z"')
    parsed = parse(page(published=None, head=head, meta_line="نشر بتاريخ 17 يونيو 2020"))
    assert parsed.published is not None
    assert parsed.published.local_day == date(2020, 6, 17)
    assert parsed.published.moment is None
    assert parsed.modified_at is not None and parsed.modified_at.moment == utc(2020, 6, 19, 12)


def test_a_stated_zone_beats_a_naive_time_showing_the_same_clock() -> None:
    # JSON-LD writes 19:05 without a zone; the page says 19:05 GMT: one clock, stated in GMT.
    head = json_ld(datePublished='"2020-06-17T19:05:00"')
    parsed = parse(page(published=None, head=head, meta_line="نشر في: 17 يونيو 2020 - 19:05 GMT"))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 19, 5)
    assert parsed.modified_at is None  # the same instant misread is no update


def test_structured_data_with_its_offset_beats_a_page_showing_utc_digits() -> None:
    head = json_ld(datePublished='"2020-06-17T20:05:00+01:00"')
    parsed = parse(page(published=None, head=head, meta_line="نشر في: 17/06/2020 19:05"))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 19, 5)
    assert parsed.modified_at is None


def test_agreeing_signals_keep_the_structured_seconds() -> None:
    head = json_ld(datePublished='"2020-06-17T09:00:41Z"')
    parsed = parse(page(published=None, head=head, meta_line="نشر في: 17/06/2020 - 10:00"))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 9, 0, 41)
    assert parsed.modified_at is None


def test_a_visible_update_line_is_the_modification_time_when_nothing_declares_one() -> None:
    head = json_ld(datePublished='"2020-06-17T09:00:00Z"')
    line = "نشر في: 17/06/2020 - 10:00 | تم التحديث: 17/06/2020 - 15:20"
    parsed = parse(page(published=None, head=head, meta_line=line))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 9, 0)
    assert parsed.modified_at is not None and parsed.modified_at.moment == utc(2020, 6, 17, 14, 20)


def test_a_sentence_mentioning_an_earlier_publication_is_no_label() -> None:
    head = json_ld(datePublished='"2020-06-17T09:00:00Z"')
    short = "وكان التقرير الذي نشر في 12 مارس 2019 قد نبه إلى هشاشة هذه الأحياء."
    parsed = parse(page(published=None, head=head, paragraphs=(*BODY, short)))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 6, 17, 9, 0)


def test_the_aggregator_line_still_dates_a_page_without_structured_data(tmp_path: Path) -> None:
    line = 'نشر في <a href="/s/hespress">هسبريس</a> يوم 17 - 06 - 2020'
    registry_file = tmp_path / "sources.yaml"
    registry_file.write_text(
        "topics: [politics]\noutlets:\n  - key: hespress\n    name: هسبريس\n"
        "    base_url: https://www.hespress.com/\n    language: ar\n",
        encoding="utf-8",
    )
    parsed = parse(page(published=None, meta_line=line), load_registry(registry_file))
    assert parsed.published is not None and parsed.published.iso() == "2020-06-17"
    assert parsed.original_outlet == "hespress"


def test_a_zone_before_the_time_and_a_bracketed_update_line() -> None:
    line = "GMT 17:27 17.03.2020 (محدثة GMT 17:49 17.03.2020)"
    parsed = parse(page(published=None, meta_line=line))
    assert parsed.published is not None and parsed.published.moment == utc(2020, 3, 17, 17, 27)
    assert parsed.modified_at is not None and parsed.modified_at.moment == utc(2020, 3, 17, 17, 49)
