"""Where the third-party pages and datasets for tests and benchmarks live.

They are read from there and never copied into the repository: ``$AKHBAR_SHARED_DATA``, else
``shared/data`` beside the repository (as CI lays it out).
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    root = os.environ.get("AKHBAR_SHARED_DATA")
    return Path(root) if root else REPO_ROOT.parent / "shared" / "data"
