"""Compare a warehouse filled by `make demo` with the demo site's own truth, over every day.

    .venv/bin/python benchmarks/demo_truth_check.py [--warehouse warehouse/news.duckdb]

Prints whether marts.daily_topic_counts equals the truth for every (day, topic, outlet) cell,
and the story clustering's pair precision / recall against the truth's story ids.
"""

import argparse
import io
import json
import sys
from collections import Counter
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.demo_site.truth import export_truth
from pipelines.news.sources import DEFAULT_SITE_URL
from pipelines.news.stories.clustering import pair_scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", default="warehouse/news.duckdb")
    args = parser.parse_args()
    buffer = io.StringIO()
    export_truth(DEFAULT_SITE_URL, buffer)  # the URLs `make demo` fetched
    truth = [json.loads(line) for line in buffer.getvalue().splitlines()]
    expected = Counter((t["local_day"], t["topic"], t["outlet"]) for t in truth)
    with duckdb.connect(args.warehouse, read_only=True) as connection:
        counted = {
            (str(day), topic, outlet): n
            for day, topic, outlet, n in connection.sql(
                "SELECT day, topic, outlet, articles FROM marts.daily_topic_counts"
            ).fetchall()
        }
        stories = dict(
            connection.sql("SELECT url, story_id FROM staging.article_stories").fetchall()
        )
    print(
        f"truth articles {len(truth)}, counted {sum(counted.values())}, "
        f"cells equal: {counted == dict(expected)}"
    )
    print(pair_scores(stories, {t["url"]: t["story_id"] for t in truth}))


if __name__ == "__main__":
    main()
