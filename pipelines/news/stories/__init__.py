"""Stories: one piece of news, however many outlets carry it.

``clustering`` decides which articles of a day (and its lookback days) are one story;
``window`` runs it day by day over a partition window and builds the story tables;
``ticker_matching`` matches aggregator ticker headlines to stories.
"""

from pipelines.news.stories.clustering import DEFAULT_STORY_PARAMS, StoryArticle, StoryParams
from pipelines.news.stories.window import assign_window_stories, story_articles, ticker_story_rows

__all__ = [
    "DEFAULT_STORY_PARAMS",
    "StoryArticle",
    "StoryParams",
    "assign_window_stories",
    "story_articles",
    "ticker_story_rows",
]
