"""``lumbung demo --headless``: the README's command proven without a screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.__main__ import build_parser


def test_demo_options_go_before_or_after_the_command() -> None:
    before = build_parser().parse_args(["--data-dir", "/x", "--lang", "en", "demo"])
    after = build_parser().parse_args(["demo", "--data-dir", "/x", "--lang", "en", "--headless"])
    for args in (before, after):
        assert (args.command, args.data_dir, args.lang) == ("demo", Path("/x"), "en")
    assert build_parser().parse_args(["demo"]).lang == "id"


def test_headless_demo_seeds_renders_and_exits_zero(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "desktop", "demo", "--headless", "--data-dir", str(data_dir)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert first.returncode == 0, first.stderr
    assert "seeded now" in first.stdout
    assert "9 screen(s) rendered" in first.stdout
    assert "receipt BR01/01/" in first.stdout
    shots = sorted((data_dir / "headless").glob("*.png"))
    assert len(shots) == 9 and all(p.stat().st_size > 10_000 for p in shots)
    assert list((data_dir / "receipts").rglob("*.pdf"))

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert again.returncode == 0, again.stderr
    assert "already seeded" in again.stdout
