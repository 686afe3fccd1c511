"""A gazetteer of Moroccan places, as a topic feature: where a story happens.

Hespress files local stories under "regions" and national ones under "society"; the words
alone confuse the two. The place names a title or lead mentions are a direct clue. The list is
ours (cities, provinces and regions, plus the words of local administration), written as keys.
"""

from __future__ import annotations

from pipelines.news.arabic import arabic_tokens, strip_prefix

# Space-separated names; multi-word names are joined with "_" and matched as word sequences.
_NAMES = """
الرباط سلا تمارة الصخيرات تيفلت الرماني الخميسات القنيطرة سيدي_قاسم سيدي_سليمان سوق_الأربعاء
مشرع_بلقصيري تامسنا الدار_البيضاء البيضاء المحمدية بوزنيقة بنسليمان برشيد سطات الجديدة آزمور
سيدي_بنور الواليدية مراكش آسفي الصويرة الرحامنة بنجرير ابن_جرير اليوسفية الشماعية شيشاوة
الحوز أمزميز تحناوت إمنتانوت قلعة_السراغنة فاس مكناس تازة إفران صفرو بولمان تاونات
مولاي_يعقوب الحاجب أزرو ميدلت خنيفرة طنجة تطوان الحسيمة العرائش القصر_الكبير أصيلة شفشاون
وزان المضيق الفنيدق مرتيل إمزورن بني_بوعياش تارجيست كتامة الناظور الدريوش زايو العروي وجدة
بركان أحفير السعيدية تاوريرت جرادة فجيج بوعرفة كرسيف أكادير إنزكان أيت_ملول تارودانت تزنيت
طاطا اشتوكة_آيت_باها بيوكرى سيدي_إفني كلميم طانطان العيون بوجدور السمارة الداخلة أوسرد
طرفاية بني_ملال خريبكة الفقيه_بن_صالح أزيلال وادي_زم أبي_الجعد قصبة_تادلة الراشيدية الرشيدية
ورزازات زاكورة تنغير الريصاني أرفود الريش تنجداد بومالن_دادس
الريف سوس الأطلس الغرب الشاوية دكالة عبدة الحوز تافيلالت درعة ملوية
جهة الجهة إقليم الإقليم عمالة العمالة جماعة الجماعة دوار الدوار ساكنة الساكنة قروية القروية
باشوية قيادة قائد المجلس_الجماعي المجلس_الإقليمي مجلس_الجهة
"""

# Letters glued to a place name as a preposition or conjunction: "بمراكش", "لطنجة", "وفاس".
_CLITICS = ("و", "ب", "ل", "ف", "ك")


def _key(name: str) -> tuple[str, ...]:
    return tuple(strip_prefix(w) for w in arabic_tokens(name.replace("_", " ")))


PLACES: frozenset[tuple[str, ...]] = frozenset(_key(n) for n in _NAMES.split())
_LONGEST = max(len(p) for p in PLACES)


def place_tokens(text: str) -> list[str]:
    """The gazetteer places named in ``text``, each as one token ("دار_بيضاء"), in order."""
    words = [_unglue(strip_prefix(w)) for w in arabic_tokens(text)]
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            candidate = tuple(words[i : i + size])
            if candidate in PLACES:
                found.append("_".join(candidate))
                i += size
                break
        else:
            i += 1
    return found


def _unglue(word: str) -> str:
    """``word`` without a glued preposition when what remains is a known place."""
    if (word,) not in PLACES and word[:1] in _CLITICS:
        rest = strip_prefix(word[1:]) if word[1:3] == "ال" else word[1:]
        if (rest,) in PLACES:
            return rest
    return word
