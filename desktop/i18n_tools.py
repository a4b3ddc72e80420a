"""Keep the translation catalogues in step with the code (a development tool, not run time).

    python -m desktop.i18n_tools update    # lupdate: add new source strings to the .ts files
    python -m desktop.i18n_tools compile   # lrelease: .ts -> .qm (the .qm files are committed)

Translations are written in ``resources/i18n/lumbung_id.ts`` (Qt Linguist, or any editor);
``qtbase_id.ts`` holds Qt's own standard-button texts and is kept by hand.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from desktop.i18n import CATALOGUES, i18n_dir

#: Modules whose strings are shown in the UI (everything calling tr()/translate()).
_UI_PACKAGES = ("views",)
_UI_MODULES = ("app.py", "sync_worker.py")


def _tool(name: str) -> str:
    import PySide6

    exe = Path(PySide6.__file__).parent / (name + (".exe" if os.name == "nt" else ""))
    return str(exe)


def sources() -> list[Path]:
    """The Python files lupdate reads, in a stable order."""
    root = Path(__file__).resolve().parent
    files = [root / m for m in _UI_MODULES]
    for package in _UI_PACKAGES:
        files.extend(sorted((root / package).rglob("*.py")))
    return files


def ts_path(catalogue: str, lang: str = "id") -> Path:
    return i18n_dir() / f"{catalogue}_{lang}.ts"


def qm_path(catalogue: str, lang: str = "id") -> Path:
    return i18n_dir() / f"{catalogue}_{lang}.qm"


def update(ts: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run lupdate over :func:`sources` into ``ts`` (default: the lumbung catalogue).

    Locations are left out so the .ts only changes when the strings do; strings no longer in
    the code are dropped.
    """
    target = ts or ts_path("lumbung")
    cmd = [_tool("lupdate"), "-locations", "none", "-no-obsolete", "-source-language", "en"]
    cmd += ["-target-language", "id", *map(str, sources()), "-ts", str(target)]
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.i18n_tools")
    parser.add_argument("command", choices=("update", "compile"))
    args = parser.parse_args(argv)
    if args.command == "update":
        print(update().stdout)
    else:
        for name in CATALOGUES:
            compile_ts(ts_path(name), qm_path(name))
            print(f"compiled {qm_path(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
