"""Topics: the taxonomy's topic of each article.

An outlet's section label decides when it names a topic (``assignment``); otherwise a
classifier (``model``) trained on those labelled articles (weak supervision, ``training``)
decides, or abstains. ``corpora`` reads third-party labelled datasets for evaluation.
"""

from pipelines.news.topics.assignment import assign_topics, training_examples
from pipelines.news.topics.model import (
    TopicEvaluation,
    TopicExample,
    TopicModel,
    evaluate,
    train_topic_model,
)

__all__ = [
    "TopicEvaluation",
    "TopicExample",
    "TopicModel",
    "assign_topics",
    "evaluate",
    "train_topic_model",
    "training_examples",
]
