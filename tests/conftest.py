import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "examples" / "seeds"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared/, or a clean skip on a user's clone that has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (only CI and the developers' machines have ../shared/)")
    return path
