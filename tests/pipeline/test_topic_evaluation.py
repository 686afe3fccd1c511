"""The on-demand evaluation asset scores the topic model on the labelled datasets."""

import dagster as dg
import pytest

from assets.evaluation import topic_model_on_datasets
from pipelines.news.topics.corpora import HESPRESS_FILE, datasets_dir


def test_evaluation_asset_reports_scores_on_the_hespress_time_split() -> None:
    if not (datasets_dir() / HESPRESS_FILE).exists():
        pytest.skip(f"{datasets_dir()} has no {HESPRESS_FILE} (third-party data, not in the repo)")
    result = dg.materialize([topic_model_on_datasets])
    assert result.success
    [materialization] = result.asset_materializations_for_node(
        "evaluation__topic_model_on_datasets"
    )
    metadata = materialization.metadata
    # Measured 0.873 counting abstentions as misses, 0.924 on the 89% it labels (RESULTS.md).
    assert metadata["hespress_macro_f1"].value > 0.85  # type: ignore[operator]
    assert metadata["hespress_macro_f1_labelled_only"].value > 0.90  # type: ignore[operator]
    assert 0.8 < metadata["hespress_coverage"].value < 1.0  # type: ignore[operator]
    assert "society" in metadata["hespress_confusion"].value  # type: ignore[operator]
