"""Light rewrites: how one outlet retells another outlet's article.

A rewrite keeps most of the original: its title is reworded (a synonym, a prefix or a
suffix), and in its body a few sentences are reworded, swapped or dropped and one is added.
That is the kind of near-duplicate a story detector must join to its original, while two
unrelated articles of one topic, which share template sentences and filler, must stay apart.
All text stays inside windows-1256 (rabat serves it in that encoding).
"""

from __future__ import annotations

import random
import re

from pipelines.demo_site.banks import GENERIC_SENTENCES, SENTENCES

# Whole-word swaps a rewriting editor makes; each side reads naturally in the banks' titles.
TITLE_SYNONYMS: dict[str, str] = {
    "تكشف": "تعلن",
    "يدعو": "يطالب",
    "تطالب": "تدعو",
    "يطالبون": "يدعون",
    "ارتفاع": "زيادة",
    "تراجع": "انخفاض",
    "توقيف": "اعتقال",
    "تفكيك": "الإطاحة بـ",
    "حجز": "ضبط",
    "إطلاق": "انطلاق",
    "افتتاح": "تدشين",
    "تحقيق": "بحث",
    "جديدة": "مستجدة",
    "يستقبل": "يلتقي",
    "تحتج": "تنتفض",
}
TITLE_PREFIXES = ("عاجل: ", "بالصور.. ", "مستجدات: ", "متابعة: ")
TITLE_SUFFIXES = (" وهذه التفاصيل", " (صور)", " وسط ترقب واسع", " في خطوة لافتة")
# Attributions a rewriter appends to a sentence it retells.
REWORD_ENDINGS = (
    "، حسب المصدر ذاته.",
    "، وفق ما أوردته مصادر متطابقة.",
    "، بحسب المعطيات المتوفرة.",
)

_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def reword_title(rng: random.Random, title: str) -> str:
    """The title as another outlet writes it: a synonym swap, a prefix or a suffix (or two).

    Never returns the title unchanged.
    """
    words = title.split(" ")
    swappable = [i for i, word in enumerate(words) if word in TITLE_SYNONYMS]
    reworded = title
    if swappable and rng.random() < 0.6:
        index = rng.choice(swappable)
        words[index] = TITLE_SYNONYMS[words[index]]
        reworded = " ".join(words).replace("بـ ", "بـ")
    if reworded == title or rng.random() < 0.4:
        if rng.random() < 0.5:
            reworded = rng.choice(TITLE_PREFIXES) + reworded
        else:
            reworded = reworded + rng.choice(TITLE_SUFFIXES)
    return reworded


def rewrite_paragraphs(
    rng: random.Random, paragraphs: tuple[str, ...], topic: str, slots: dict[str, str]
) -> tuple[str, ...]:
    """The body retold: 1-2 sentences reworded, one pair swapped, 1-2 dropped, one added
    (one reworded and one dropped in bodies under 10 sentences).

    The paragraph count is kept (no paragraph is emptied); the added sentence is a bank
    sentence of the topic (or filler) the original did not use, with the original's cast.
    """
    sentences = [_SENTENCE_END.split(p) for p in paragraphs]
    flat = [(i, j) for i, group in enumerate(sentences) for j in range(len(group))]
    # A short body is changed less: one sentence reworded and one dropped.
    changes = 1 if len(flat) < 10 else 2
    for i, j in rng.sample(flat, rng.randint(1, changes)):
        sentences[i][j] = _reword_sentence(rng, sentences[i][j])
    pairs = [i for i, group in enumerate(sentences) if len(group) >= 2]
    if pairs:
        group = sentences[rng.choice(pairs)]
        k = rng.randrange(len(group) - 1)
        group[k], group[k + 1] = group[k + 1], group[k]
    for _ in range(rng.randint(1, changes)):
        # Never the lead sentence, never the last sentence of a paragraph.
        droppable = [(i, j) for i, group in enumerate(sentences) for j in range(len(group))]
        droppable = [(i, j) for i, j in droppable if len(sentences[i]) > 1 and (i, j) != (0, 0)]
        if droppable:
            i, j = rng.choice(droppable)
            del sentences[i][j]
    used = " ".join(paragraphs)
    unused = [
        s.format_map(slots)
        for s in (*SENTENCES[topic], *GENERIC_SENTENCES)
        if s.format_map(slots) not in used
    ]
    if unused:
        target = sentences[rng.randrange(len(sentences))]
        target.insert(rng.randint(1, len(target)), rng.choice(unused))
    return tuple(" ".join(group) for group in sentences)


def _reword_sentence(rng: random.Random, sentence: str) -> str:
    return sentence.rstrip(".") + rng.choice(REWORD_ENDINGS)
