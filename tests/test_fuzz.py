"""A short, seeded slice of the fuzz campaign (bench/fuzz.py): mutated designs, every oracle.

The long campaign runs by hand (`python bench/fuzz.py --inputs 20000 --seed 1`, see the README's
robustness section); this slice keeps its oracles honest in every run of the suite.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fuzz():
    spec = importlib.util.spec_from_file_location("archlint_bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_seeded_slice_breaks_no_oracle(tmp_path):
    summary = _fuzz().campaign(inputs=40, seed=11, time_limit=10.0, out=tmp_path, quiet=True)
    assert summary["inputs"] == 40
    assert summary["failures"] == {}, (summary["examples"], sorted(p.name for p in tmp_path.iterdir()))


def test_the_oracles_catch_what_they_guard(tmp_path, monkeypatch):
    fuzz = _fuzz()
    rng = random.Random(1)
    text = "client web\ndatabase db\nweb -> db\n"
    assert fuzz.mutate_tokens(text, rng) != text and fuzz.mutate_bytes(text.encode(), rng) != text.encode()
    design = tmp_path / "d.arch"
    data = b'client web\ndatabase db "a\x1b[2Jb"\nweb -> db\n'
    design.write_bytes(data)
    fuzz.check(str(design), data, None)  # the escapes hold: no oracle breaks
    import pytest

    from archlint.reporters import text as styled_text

    monkeypatch.setattr(styled_text, "printable", lambda text: text)  # the escaping undone
    monkeypatch.setattr(styled_text, "printable_lines", lambda text: text)
    with pytest.raises(fuzz.Oracle, match="raw-control-character"):
        fuzz.check(str(design), data, None)
