"""The nouns and numbers that fill the sentence banks' ``{slots}``.

Places, clubs and institutions are real Moroccan names (they are what news text is made
of); every person is a fictional first name + family name pairing drawn here.
"""

from __future__ import annotations

import random

MALE_FIRST_NAMES = (
    "يوسف", "محمد", "عبد الرحيم", "سعيد", "هشام", "كريم", "إدريس", "عادل", "مصطفى", "أيوب",
    "نبيل", "حميد", "عمر", "زكرياء", "المهدي", "ياسين", "عبد الإله", "رضوان",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "فاطمة الزهراء", "سناء", "خديجة", "نادية", "هند", "مريم", "سلمى", "إيمان", "أسماء",
    "حنان", "لبنى", "سهام", "نزهة", "وئام",
)  # fmt: skip
FAMILY_NAMES = (
    "العلوي", "الإدريسي", "بناني", "التازي", "الفاسي", "أمزيان", "أوحمو", "الصنهاجي",
    "بوعزة", "الشرقاوي", "الريفي", "أيت علي", "المرابط", "الزياني", "بلخياط", "الوزاني",
    "الحمداوي", "أخياط", "السوسي", "الدكالي",
)  # fmt: skip

CITIES = (
    "الدار البيضاء", "الرباط", "فاس", "مراكش", "طنجة", "أكادير", "مكناس", "وجدة", "تطوان",
    "القنيطرة", "آسفي", "الجديدة", "بني ملال", "الناظور", "تازة", "خريبكة", "العيون",
    "الداخلة", "الحسيمة", "ورزازات", "الصويرة", "تارودانت", "سطات", "برشيد", "الراشيدية",
    "كلميم", "تيزنيت",
)  # fmt: skip
REGIONS = (
    "طنجة تطوان الحسيمة", "الشرق", "فاس مكناس", "الرباط سلا القنيطرة", "بني ملال خنيفرة",
    "الدار البيضاء سطات", "مراكش آسفي", "درعة تافيلالت", "سوس ماسة", "كلميم واد نون",
    "العيون الساقية الحمراء", "الداخلة وادي الذهب",
)  # fmt: skip
MOUNTAIN_PROVINCES = ("أزيلال", "إفران", "ميدلت", "الحوز", "تنغير", "خنيفرة", "شفشاون")
COMMUNES = (
    "أيت عميرة", "سيدي بيبي", "تمصلوحت", "أولاد برحيل", "إيمينتانوت", "تافراوت",
    "أيت أورير", "سيدي بنور", "تحناوت", "إموزار", "أكلموس", "تالوين",
)  # fmt: skip
QUARTERS = ("السلام", "النهضة", "الأمل", "الفتح", "المسيرة", "الوحدة", "الرياض", "القدس")
MONTHS_AHEAD = ("مارس", "أبريل", "ماي", "يونيو", "يوليوز")

MINISTRIES = (
    "وزارة الداخلية", "وزارة الاقتصاد والمالية", "وزارة التربية الوطنية",
    "وزارة الصحة والحماية الاجتماعية", "وزارة التجهيز والماء", "وزارة الفلاحة",
    "وزارة السياحة", "وزارة العدل", "وزارة الشباب والثقافة والتواصل",
    "وزارة الانتقال الرقمي", "وزارة الإدماج الاقتصادي والتشغيل",
)  # fmt: skip
REFORMS = (
    "منظومة التقاعد", "قانون الإضراب", "مدونة الأسرة", "الجهوية المتقدمة",
    "قانون المالية التعديلي", "ميثاق الاستثمار", "الدعم الاجتماعي المباشر",
    "قانون المسطرة الجنائية", "إصلاح التعليم العمومي", "السجل الاجتماعي الموحد",
)  # fmt: skip

SECTORS = (
    "قطاع السياحة", "صناعة السيارات", "قطاع الفلاحة", "قطاع الصيد البحري",
    "صناعة الطيران", "قطاع النسيج", "قطاع الفوسفاط ومشتقاته", "الصناعة الغذائية",
)  # fmt: skip
COMPANIES = (
    "مجموعة الأطلس للصناعات", "شركة سهول سوس للتصدير", "مجموعة المحيط للنقل",
    "شركة الواحة للطاقة", "مجموعة الريف للأغذية", "شركة النخيل للخدمات",
)  # fmt: skip
PRODUCTS = ("الخضر", "اللحوم الحمراء", "الدواجن", "زيت الزيتون", "السمك", "التمور")
TRENDS = ("الارتفاع", "الانخفاض", "الاستقرار")

OFFENCES = (
    "السرقة بالعنف", "الاتجار في المخدرات", "النصب والاحتيال", "تزوير الوثائق",
    "الهجرة غير النظامية", "السرقة الموصوفة", "الابتزاز الإلكتروني",
)  # fmt: skip
INCIDENTS = ("حادثة سير مميتة", "حريق مهول", "انهيار منزل قديم", "غرق قارب صيد")
PORTS = ("طنجة المتوسط", "الناظور", "الدار البيضاء", "أكادير")

PROJECTS = (
    "الطريق الإقليمية الجديدة", "محطة لتحلية مياه البحر", "سوق نموذجي",
    "مركز صحي قروي", "قنطرة على الوادي", "دار للشباب", "ملعب للقرب",
    "شبكة للتطهير السائل",
)  # fmt: skip

CLUBS = (
    "الوداد الرياضي", "الرجاء الرياضي", "الجيش الملكي", "نهضة بركان", "حسنية أكادير",
    "المغرب الفاسي", "الفتح الرياضي", "أولمبيك آسفي", "اتحاد طنجة",
    "الدفاع الحسني الجديدي", "شباب المحمدية", "المغرب التطواني", "النادي المكناسي",
    "الكوكب المراكشي",
)  # fmt: skip
CUPS = ("كأس العرش", "دوري أبطال إفريقيا", "كأس الكونفدرالية الإفريقية")
STADIUMS = (
    "مركب محمد الخامس", "الملعب الكبير لأكادير", "ملعب ابن بطوطة",
    "المركب الرياضي مولاي عبد الله", "الملعب الشرفي", "ملعب فاس الكبير",
)  # fmt: skip
DISTANCES = ("5000 متر", "10 كيلومترات", "نصف الماراثون", "1500 متر")

FESTIVALS = (
    "ربيع الملحون", "ليالي الأطلس", "نغمات الجنوب", "أيام الفيلم القصير", "إيقاعات سوس",
    "زهرة اللوز", "الكتاب والقراءة", "مسرح الشباب",
)  # fmt: skip
WORKS = (
    "رمال الصمت", "ضوء الأطلس", "باب البحر", "ظل الزيتونة", "آخر قطار إلى وجدة",
    "نافذة على الزقاق", "مطر الخريف", "حكايات الدرب",
)  # fmt: skip
MUSIC = ("الملحون", "العيطة", "أحواش", "الطرب الأندلسي", "كناوة", "الطقطوقة الجبلية")
HERITAGE = (
    "المدينة العتيقة", "القصبات الطينية", "الزربية الأمازيغية", "الزليج التقليدي",
    "الخط المغربي",
)  # fmt: skip
MONUMENTS = ("قصبة تاريخية", "سور المدينة العتيقة", "مسرح قديم", "فندق تقليدي")

COUNTRIES = (
    "السنغال", "موريتانيا", "إسبانيا", "فرنسا", "مالي", "كوت ديفوار", "نيجيريا", "مصر",
    "تونس", "البرتغال", "ألمانيا", "الغابون", "كينيا", "البرازيل", "اليابان",
)  # fmt: skip
ORGANISATIONS = (
    "الاتحاد الإفريقي", "جامعة الدول العربية", "مجموعة العشرين",
    "منظمة التعاون الإسلامي", "الاتحاد من أجل المتوسط", "الأمم المتحدة",
)  # fmt: skip
WORLD_REGIONS = ("منطقة الساحل", "الشرق الأوسط", "القرن الإفريقي", "شرق أوروبا")
FOREIGN_CITIES = ("بروكسيل", "مدريد", "مونتريال", "ميلانو", "أمستردام", "ليون")

DISEASES = ("الحصبة", "الإنفلونزا الموسمية", "داء السكري", "السل", "التهاب الكبد")
SURGERIES = ("زرع كلي", "جراحة القلب المفتوح", "زرع قرنية", "استئصال ورم")

APP_PURPOSES = (
    "لتتبع الشحنات", "لحجز مواعيد الأطباء", "لتعليم اللغة الأمازيغية",
    "لتسويق منتجات التعاونيات", "للأداء عبر الهاتف", "لمراقبة ري الضيعات الفلاحية",
)  # fmt: skip
NETWORKS = ("شبكة الجيل الخامس", "الألياف البصرية", "الإنترنت عالي الصبيب")
DIGITAL_TOPICS = (
    "الذكاء الاصطناعي", "الأمن السيبراني", "حماية المعطيات الشخصية", "الحوسبة السحابية",
    "الاقتصاد الرقمي",
)  # fmt: skip
UNIVERSITIES = (
    "جامعة ابن زهر", "جامعة القاضي عياض", "جامعة محمد الخامس", "جامعة عبد المالك السعدي",
    "جامعة سيدي محمد بن عبد الله", "جامعة الحسن الثاني",
)  # fmt: skip
SERVICES = (
    "المساطر الإدارية", "طلبات رخص البناء", "التسجيل في المدارس", "أداء الضرائب المحلية",
)  # fmt: skip


def person_name(rng: random.Random, female: bool = False) -> str:
    first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
    return f"{first} {rng.choice(FAMILY_NAMES)}"


def _two_distinct(rng: random.Random, values: tuple[str, ...]) -> tuple[str, str]:
    first, second = rng.sample(values, 2)
    return first, second


def draw_slots(rng: random.Random) -> dict[str, str]:
    """One article's cast: every slot any template may name, drawn once so an article
    keeps the same city, club or person from its title to its last paragraph.

    Numeric slots are sized for Arabic number agreement: ``few`` (3-9) takes a plural
    noun, ``n``, ``count`` and ``big`` (11 and up) a singular accusative one.
    """
    city, city2 = _two_distinct(rng, CITIES)
    club, club2 = _two_distinct(rng, CLUBS)
    country, _ = _two_distinct(rng, COUNTRIES)
    goals_for = rng.randint(1, 4)
    return {
        "city": city,
        "city2": city2,
        "region": rng.choice(REGIONS),
        "mountain": rng.choice(MOUNTAIN_PROVINCES),
        "commune": rng.choice(COMMUNES),
        "quarter": rng.choice(QUARTERS),
        "month": rng.choice(MONTHS_AHEAD),
        "person": person_name(rng),
        "person2": person_name(rng),
        "person_f": person_name(rng, female=True),
        "player": person_name(rng),
        "artist": person_name(rng),
        "ministry": rng.choice(MINISTRIES),
        "reform": rng.choice(REFORMS),
        "sector": rng.choice(SECTORS),
        "company": rng.choice(COMPANIES),
        "product": rng.choice(PRODUCTS),
        "trend": rng.choice(TRENDS),
        "offence": rng.choice(OFFENCES),
        "incident": rng.choice(INCIDENTS),
        "port": rng.choice(PORTS),
        "project": rng.choice(PROJECTS),
        "club": club,
        "club2": club2,
        "cup": rng.choice(CUPS),
        "stadium": rng.choice(STADIUMS),
        "distance": rng.choice(DISTANCES),
        "score": f"{goals_for}-{rng.randint(0, goals_for - 1)}",
        "festival": rng.choice(FESTIVALS),
        "work": rng.choice(WORKS),
        "music": rng.choice(MUSIC),
        "heritage": rng.choice(HERITAGE),
        "monument": rng.choice(MONUMENTS),
        "country": country,
        "org": rng.choice(ORGANISATIONS),
        "world_region": rng.choice(WORLD_REGIONS),
        "foreign_city": rng.choice(FOREIGN_CITIES),
        "disease": rng.choice(DISEASES),
        "surgery": rng.choice(SURGERIES),
        "app_purpose": rng.choice(APP_PURPOSES),
        "network": rng.choice(NETWORKS),
        "digital": rng.choice(DIGITAL_TOPICS),
        "university": rng.choice(UNIVERSITIES),
        "service": rng.choice(SERVICES),
        "few": str(rng.randint(3, 9)),
        "n": str(rng.randint(11, 48)),
        "count": str(rng.randint(60, 400)),
        "big": str(rng.randint(120, 9500)),
        "pct": str(rng.randint(3, 65)),
        "rate": f"{rng.randint(1, 12)},{rng.randint(1, 9)}",
        "amount": str(rng.randint(12, 950)),
        "round": str(rng.randint(1, 30)),
        "rank": str(rng.randint(1, 16)),
        "minute": str(rng.randint(5, 89)),
        "edition": str(rng.randint(2, 30)),
    }
