"""The Windows workflow (.github/workflows/windows.yml), read as a Windows CI engineer would,
since no Windows runner is reachable from here: every tool the tests need is installed before
the tests, the suite then builds, self-tests the built exe (a report file per run), compiles the
installer and publishes one artifact. And the tests that cannot apply on Windows say so."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

import tests.conftest as root_conftest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def steps() -> list[dict[str, Any]]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    result: list[dict[str, Any]] = job["steps"]
    return result


def index(name: str) -> int:
    names = [s.get("name") or s.get("uses") for s in steps()]
    assert name in names, names
    return names.index(name)


def script(name: str) -> str:
    return str(steps()[index(name)]["run"])


def test_steps_come_in_the_order_that_produces_the_installer() -> None:
    order = [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "Tools",
        "Install",
        "Tests",
        "Build",
        "Self-test",
        "Installer",
        "actions/upload-artifact@v4",
    ]
    positions = [index(name) for name in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))


def test_every_tool_the_tests_need_is_installed_before_them() -> None:
    tools = script("Tools")
    install = next(line for line in tools.splitlines() if "choco install" in line)
    assert "nsis" in install.split() and "poppler" in install.split()
    assert "GITHUB_PATH" in tools  # makensis is on PATH for the tests and the Installer step
    for tool in ("makensis", "pdftotext", "pdfinfo"):
        assert tool in tools  # checked present, so a missing one fails here, not in a test
    # Nothing is installed after the tests any more.
    for step in steps()[index("Tests") :]:
        assert "choco install" not in str(step.get("run", ""))
    assert "pytest" in script("Tests")
    assert "pyinstaller" in script("Build") and "build.spec" in script("Build")


def test_both_executables_are_self_tested_each_with_its_own_report() -> None:
    selftest = script("Self-test")
    assert "lumbung-console.exe --self-test" in selftest
    assert "Start-Process" in selftest and "-Wait" in selftest and "lumbung.exe" in selftest
    data_dirs = [line for line in selftest.splitlines() if "$env:LUMBUNG_DATA_DIR =" in line]
    assert len(data_dirs) == 2 and data_dirs[0] != data_dirs[1]
    assert "self-test-console.txt" in selftest and "self-test-windowed.txt" in selftest
    assert selftest.count("exit") >= 2  # either failing run fails the job


def test_the_installer_is_compiled_with_the_project_version_and_published_once() -> None:
    installer = script("Installer")
    assert "makensis" in installer and "/WX" in installer
    assert "/DVERSION=$version" in installer and "pyproject.toml" in installer
    uploads = [s for s in steps() if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert len(uploads) == 1
    path = str(uploads[0]["with"]["path"])
    assert "dist" not in path  # the app is inside the installer; not a second copy beside it
    assert uploads[0]["with"]["if-no-files-found"] == "error"
    assert "lumbung-*-setup.exe" in installer  # the installer goes into the published folder


def _marked(decorators: list[ast.expr]) -> bool:
    for deco in decorators:
        text = ast.unparse(deco)
        if "not_on_windows" in text and "reason=" in text:
            return True
    return False


def test_tests_that_cannot_run_on_windows_are_marked_with_a_reason() -> None:
    """A test using SIGKILL, kill -9 of the test server, or POSIX file modes is marked
    ``not_on_windows(reason=...)``: skipped there with its reason, never silently."""
    posix_only = ("SIGKILL", "0o600", "server.kill()")
    unmarked = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if path == Path(__file__).resolve():
            continue  # names the patterns, uses none
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        module_marked = any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)
            and "not_on_windows" in ast.unparse(node.value)
            for node in tree.body
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                body = ast.get_source_segment(source, node) or ""
                if any(p in body for p in posix_only) and not (
                    module_marked or _marked(node.decorator_list)
                ):
                    unmarked.append(f"{path.relative_to(ROOT)}::{node.name}")
    assert unmarked == [], "mark these @pytest.mark.not_on_windows(reason=...)"
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "pytest"
    ]["ini_options"]["markers"]
    assert any(m.startswith("not_on_windows(reason)") for m in markers)


class _Item:
    def __init__(self, reason: str | None) -> None:
        self.nodeid = "tests/x.py::test_x"
        self.marks: list[pytest.MarkDecorator] = []
        self._marker = None if reason is None else pytest.mark.not_on_windows(reason=reason).mark

    def get_closest_marker(self, name: str) -> Any:
        return self._marker if name == "not_on_windows" else None

    def add_marker(self, mark: pytest.MarkDecorator) -> None:
        self.marks.append(mark)


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_the_marker_skips_on_windows_only_and_says_why(
    monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    marked, plain = _Item("signal.SIGKILL does not exist on Windows"), _Item(None)
    root_conftest.pytest_collection_modifyitems(None, [marked, plain])  # type: ignore[arg-type, list-item]
    assert plain.marks == []
    if platform == "win32":
        (skip,) = marked.marks
        assert skip.mark.name == "skip"
        assert skip.mark.kwargs["reason"] == (
            "not on Windows: signal.SIGKILL does not exist on Windows"
        )
    else:
        assert marked.marks == []
    with pytest.raises(pytest.UsageError, match="needs a reason"):
        root_conftest.pytest_collection_modifyitems(None, [_Item("")])  # type: ignore[arg-type, list-item]
