"""The NSIS installer script compiles with makensis (Debian package ``nsis``), around a small
stand-in for the PyInstaller build, and never deletes the branch data."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "lumbung.nsi"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
MAKENSIS = shutil.which("makensis")
# scripts/setup installs nsis: in CI a missing makensis fails the tests instead of skipping them.
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None and not os.environ.get("CI"),
    reason="makensis not installed (Debian package nsis)",
)
MARKER = b"lumbung-payload-marker-7f3a"


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    """The shape of dist/lumbung: two executables and the _internal folder."""
    folder = tmp_path / "lumbung"
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / "lumbung.exe").write_bytes(b"MZ windowed " + MARKER)
    (folder / "lumbung-console.exe").write_bytes(b"MZ console")
    (folder / "_internal" / "resources" / "lumbung.qss").write_text("QWidget {}")
    return folder


def file_version(exe: bytes) -> tuple[int, ...]:
    """The version in an executable's VS_FIXEDFILEINFO (what Explorer shows as File version)."""
    at = exe.find(struct.pack("<I", 0xFEEF04BD))
    assert at > 0, "no version resource"
    ms, ls = struct.unpack_from("<II", exe, at + 8)
    return (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)


def numeric(version: str) -> tuple[int, int, int, int]:
    """What the script derives for Windows' four-number version: the leading digits of the
    first three parts (``0.2.0rc1`` -> 0.2.0.0)."""
    parts = [re.match(r"\d*", p).group() or "0" for p in version.split(".")[:3]]  # type: ignore[union-attr]
    parts += ["0"] * (3 - len(parts))
    return (int(parts[0]), int(parts[1]), int(parts[2]), 0)


def makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    assert MAKENSIS is not None
    return subprocess.run(
        [MAKENSIS, "-V2", "-WX", *(f"-D{d}" for d in defines), str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_makensis
@pytest.mark.parametrize("compress", [False, True], ids=["stored", "lzma"])
def test_installer_compiles_around_the_build(payload: Path, tmp_path: Path, compress: bool) -> None:
    setup = tmp_path / f"lumbung-{VERSION}-setup.exe"
    defines = [f"VERSION={VERSION}", f"PAYLOAD={payload}", f"OUTFILE={setup}"]
    done = makensis(*defines, *([] if compress else ["NO_COMPRESS"]))
    assert done.returncode == 0, done.stdout + done.stderr  # -WX: a warning fails too
    data = setup.read_bytes()
    assert data[:2] == b"MZ"
    assert file_version(data) == numeric(VERSION)
    assert "ProductVersion".encode("utf-16-le") in data and VERSION.encode("utf-16-le") in data
    if not compress:
        assert MARKER in data  # the build is inside, as is


@needs_makensis
@pytest.mark.parametrize("version", ["0.2.0rc1", "1.4.0.dev3", "2.10.7+local.1", "0.3"])
def test_a_pre_release_version_compiles_with_a_numeric_stamp_and_its_full_text(
    payload: Path, tmp_path: Path, version: str
) -> None:
    setup = tmp_path / "lumbung-pre-setup.exe"  # makensis warns about a bare "setup.exe"
    done = makensis(f"VERSION={version}", f"PAYLOAD={payload}", f"OUTFILE={setup}", "NO_COMPRESS")
    assert done.returncode == 0, done.stdout + done.stderr
    data = setup.read_bytes()
    assert file_version(data) == numeric(version)  # VIProductVersion takes X.X.X.X only
    assert version.encode("utf-16-le") in data  # ProductVersion keeps the full text


@needs_makensis
def test_installer_needs_a_version(payload: Path, tmp_path: Path) -> None:
    done = makensis(f"PAYLOAD={payload}", f"OUTFILE={tmp_path / 'x.exe'}")
    assert done.returncode != 0
    assert "VERSION is not defined" in done.stdout + done.stderr
    assert not (tmp_path / "x.exe").exists()


def _uninstall_section(text: str) -> list[str]:
    match = re.search(r'^Section "Uninstall"\n(.*?)^SectionEnd', text, re.M | re.S)
    assert match, "no uninstall section"
    return [line.strip() for line in match.group(1).splitlines()]


def test_nothing_outside_the_program_folder_and_shortcuts_is_deleted() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    removals = [
        line
        for line in text.splitlines()
        if re.match(r"\s*(RMDir|Delete)\b", line) and not line.strip().startswith(";")
    ]
    assert removals, "the script removes nothing at all?"
    for line in removals:
        target = re.search(r'"([^"]+)"', line)
        assert target, line
        assert target.group(1).startswith(("$INSTDIR\\", "$SMPROGRAMS\\", "$DESKTOP\\")) or (
            target.group(1) == "$INSTDIR" and "/r" not in line
        ), line
    # The data directory is per user (%LOCALAPPDATA%\Lumbung): no command names it.
    assert not re.search(r"^\s*[^;].*(\$LOCALAPPDATA|\$APPDATA|\$PROFILE)", text, re.M)
    uninstall = _uninstall_section(text)
    assert 'RMDir "$INSTDIR"' in uninstall  # the folder only if empty, never /r
    assert 'RMDir /r "$INSTDIR"' not in text


def _function(text: str, name: str) -> list[str]:
    match = re.search(rf"^Function {re.escape(name)}\n(.*?)^FunctionEnd", text, re.M | re.S)
    assert match, f"no function {name}"
    lines = [line.strip() for line in match.group(1).splitlines()]
    return [line for line in lines if not line.startswith(";")]


def test_an_upgrade_goes_to_the_previous_folder_read_in_the_64_bit_registry_view() -> None:
    """InstallDirRegKey reads before .onInit, in the 32-bit view, so a custom folder the
    64-bit installer wrote would be missed: .onInit reads it after SetRegView 64."""
    text = SCRIPT.read_text(encoding="utf-8")
    code = [line for line in text.splitlines() if not line.strip().startswith(";")]
    assert not any(line.strip().startswith("InstallDirRegKey") for line in code)
    on_init = _function(text, ".onInit")
    view = on_init.index("SetRegView 64")
    read = on_init.index('ReadRegStr $0 HKLM "${APP_KEY}" "InstallDir"')
    assert view < read
    assert "StrCpy $INSTDIR $0" in on_init[read:]
    # /D= on the command line wins: the registry is used only while $INSTDIR is the default.
    assert any(line == '${If} $INSTDIR == "$PROGRAMFILES64\\${APP}"' for line in on_init[:read])
    assert "SetRegView 64" in _function(text, "un.onInit")
    # What .onInit reads is what the install wrote, in the same view.
    assert 'WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"' in text


def _section(text: str, name: str) -> list[str]:
    match = re.search(rf'^Section "{re.escape(name)}".*?\n(.*?)^SectionEnd', text, re.M | re.S)
    assert match, f"no section {name}"
    lines = [line.strip() for line in match.group(1).splitlines()]
    return [line for line in lines if not line.startswith(";")]


def test_the_upgrade_replaces_the_program_files_only_and_the_uninstaller_keeps_the_data() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    install = _section(text, "Lumbung")
    closed = install.index('!insertmacro EnsureClosed "lumbung.exe"')
    wipe = install.index('RMDir /r "$INSTDIR\\_internal"')
    copy = install.index('File /r "${PAYLOAD}/*"')
    assert closed < wipe < copy  # old libraries go, new ones come, while the app is closed
    removals = [line for line in install if line.startswith(("RMDir", "Delete"))]
    assert removals == ['RMDir /r "$INSTDIR\\_internal"']  # nothing else is removed
    uninstall = _section(text, "Uninstall")
    assert uninstall.index('!insertmacro EnsureClosed "lumbung.exe"') == 0
    assert 'DeleteRegKey HKLM "${APP_KEY}"' in uninstall
    assert 'DetailPrint "$(DataKept)"' in uninstall
    # The data directory (desktop/store/paths.py: %LOCALAPPDATA%\Lumbung) is nowhere named.
    assert "LOCALAPPDATA" not in "\n".join(install + uninstall)
