import gzip
import json

import pytest

from pipelines.news.extract.language import detect_language
from pipelines.news.shared_data import shared_data_dir

PAGES = shared_data_dir() / "pages"

ARABIC = "صادق مجلس الحكومة المنعقد يوم الخميس بالرباط على مشروع قانون يتعلق بتنظيم قطاع النقل"
PERSIAN = "به گزارش خبرنگار گروه استان های باشگاه خبرنگاران جوان، فرمانده انتظامی شهرستان گفت که"
URDU = "پاکستان نے دوسرے ٹی ٹونٹی میں کامیابی حاصل کی اور سیریز ایک ایک سے برابر ہو گئی ہے"
FRENCH = "Le gouvernement a adopté jeudi un projet de loi sur le transport routier et la sécurité"
ENGLISH = "The government adopted on Thursday a draft law on road transport and the safety of"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ARABIC, "ar"), (PERSIAN, "fa"), (URDU, "ur"), (FRENCH, "fr"), (ENGLISH, "en")],
)
def test_language_from_letters(text: str, expected: str) -> None:
    assert detect_language(text, None) == expected


def test_html_lang_is_ignored_when_the_script_disagrees() -> None:
    assert detect_language(ARABIC, "en-US") == "ar"  # beirutobserver declares en-US
    assert detect_language(PERSIAN, "ar") == "fa"
    assert detect_language(ENGLISH, "ar") == "en"


def test_html_lang_decides_only_short_text_of_its_own_script() -> None:
    assert detect_language("خبر", "fa") == "fa"
    assert detect_language("Brève", "fr") == "fr"
    assert detect_language("", "ar") is None
    assert detect_language("12345 !!", None) is None


def test_a_moroccan_name_with_gaf_stays_arabic() -> None:
    text = ARABIC + " وقال رئيس جماعة أگادير إن المشروع سيرى النور قريبا في المدينة"
    assert detect_language(text, None) == "ar"


def _truth_rows() -> list[dict[str, object]]:
    if not (PAGES / "truth.jsonl").exists():
        pytest.skip(f"shared test pages not found in {PAGES}")
    lines = (PAGES / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_persian_and_urdu_pages_are_not_arabic() -> None:
    from pipelines.news.extract.parser import parse_page
    from pipelines.news.sources import load_registry

    registry = load_registry()
    rows = [row for row in _truth_rows() if row["language"] in ("fa", "ur")]
    assert len(rows) == 7
    for row in rows:
        raw = gzip.decompress((PAGES / str(row["file"])).read_bytes())
        parsed = parse_page(raw, str(row["url"]), registry)
        assert parsed.language == row["language"], row["id"]
