import shutil
from pathlib import Path

import pytest

from tests.robustness.badcorpus import BAD, BIG_SEED, build_bad


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory) -> Path:
    """A copy of the bad-input corpus plus a generated 5 MB raw agency article."""
    inputs = tmp_path_factory.mktemp("bad-inputs")
    for sub in ("content", "seeds"):
        shutil.copytree(BAD / sub, inputs / sub)
    paragraph = "قال المتحدث باسم الوزارة إن المحادثات بين الطرفين مستمرة منذ أسابيع في العاصمة. " * 20
    lines = ["خبر طويل جدا لاختبار الحجم"]
    while sum(len(x.encode()) for x in lines) < 5 * 1024 * 1024:
        lines.append(paragraph)
    lines.append("ص.ش (رويترز)")
    (inputs / "seeds" / BIG_SEED).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return inputs


@pytest.fixture(scope="session")
def bad_site(bad_inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bad-site")
    proc = build_bad(bad_inputs, out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out
