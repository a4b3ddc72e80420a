"""``scripts/setup`` checks system packages by what they provide, so a second run on Debian 13
(which renamed ``libglib2.0-0`` to ``libglib2.0-0t64``) or Ubuntu 24.04 needs no apt-get.

Each case runs ``scripts/setup --check`` with stand-in ``dpkg-query`` and ``ldconfig`` first on
PATH (and an ``apt-get`` that records being called): nothing is installed or changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "scripts" / "setup"
PYVER = f"{sys.version_info[0]}.{sys.version_info[1]}"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("bash") is None,
    reason="scripts/setup is the Debian/Ubuntu bash script",
)


def run_check(tmp_path: Path, installed: set[str], libraries: list[str]) -> tuple[int, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (tmp_path / "installed").write_text("\n".join(sorted(installed)) + "\n")
    (bin_dir / "dpkg-query").write_text(
        "#!/bin/sh\n"
        f'grep -qx "$3" "{tmp_path / "installed"}" && printf installed || printf not-installed\n'
    )
    (bin_dir / "ldconfig").write_text(
        "#!/bin/sh\necho 'libs found in cache'\n"
        + "".join(f"printf '\\t{lib} (libc6,x86-64) => /lib/{lib}\\n'\n" for lib in libraries)
    )
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\ntouch "{tmp_path / "apt-called"}"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(SETUP), "--check"], capture_output=True, text=True, env=env, timeout=60
    )
    assert not (tmp_path / "apt-called").exists()
    return done.returncode, done.stdout + done.stderr


BASE = {
    "python3-venv", "python3-pip", "binutils", "nsis", "libegl1", "libgl1", "libx11-6",
    "libxkbcommon0", "libxkbcommon-x11-0", "libdbus-1-3", "libfontconfig1", "fonts-dejavu-core",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-render-util0",
    "libxcb-render0", "libxcb-shape0", "libxcb-util1",
}  # fmt: skip


def test_debian_12_names(tmp_path: Path) -> None:
    code, out = run_check(tmp_path, BASE | {"libglib2.0-0", f"libpython{PYVER}"}, [])
    assert code == 0, out
    assert "all present" in out


def test_debian_13_and_ubuntu_24_04_t64_names(tmp_path: Path) -> None:
    installed = BASE | {"libglib2.0-0t64", f"libpython{PYVER}t64"}
    code, out = run_check(tmp_path, installed, [])
    assert code == 0, out  # the old check saw libglib2.0-0 missing and ran apt-get every time


def test_a_library_is_found_by_its_file_whatever_package_brought_it(tmp_path: Path) -> None:
    libs = ["libglib-2.0.so.0", f"libpython{PYVER}.so.1.0", "libEGL.so.1", "libGL.so.1"]
    installed = BASE - {"libegl1", "libgl1"}
    code, out = run_check(tmp_path, installed, libs)
    assert code == 0, out


def test_what_is_missing_is_named(tmp_path: Path) -> None:
    code, out = run_check(tmp_path, BASE - {"libxcb-cursor0"}, [])
    assert code == 1
    assert "libxcb-cursor0" in out and "libglib2.0-0t64|libglib2.0-0" in out
    assert "libx11-6" not in out
