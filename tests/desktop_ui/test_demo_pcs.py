"""``lumbung demo --pcs 2 --branches 2``: a branch with two enrolled PCs and a second branch,
and head office's data directory printed, so an installer follows docs/install.md's "second
PC" against it: ``lumbung-server device enroll --branch BR01`` there gives a code that a new
PC enrols with, as the first-run screen does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop.store import Store
from desktop.store.paths import store_path
from desktop.sync import enrol


def _identity(folder: Path) -> tuple[str, int]:
    store = Store(store_path(folder))
    try:
        identity = store.identity
        assert identity is not None, folder
        return identity.branch_id, identity.device_no
    finally:
        store.close()


def test_two_pcs_a_second_branch_and_head_office_reachable(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUMBUNG_TOKEN_STORE="file")
    command = [sys.executable, "-m", "desktop", "demo", "--data-dir", str(data_dir),
               "--pcs", "2", "--branches", "2", "--no-desktop"]  # fmt: skip
    demo = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    lines: list[str] = []
    try:
        assert demo.stdout is not None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip())
            if line.startswith("ready:"):
                break
        out = "\n".join(lines)
        assert "ready:" in out, out
        server_dir = Path(re.search(r"its data directory: (\S+)", out).group(1))  # type: ignore[union-attr]
        url = re.search(r"head office \(demo sync server\): (\S+)", out).group(1)  # type: ignore[union-attr]
        assert server_dir == data_dir / "server"
        assert f"export LUMBUNG_SERVER_DATA_DIR={server_dir}" in out
        assert f"PC 02 of BR01: data in {data_dir / 'pc2'}" in out
        assert "of BR02 (Cabang Gianyar)" in out
        assert _identity(data_dir / "pc2") == ("BR01", 2)
        assert _identity(data_dir / "br02-pc1") == ("BR02", 1)

        # The installer, as docs/install.md says, against the printed data directory.
        server_env = dict(env, LUMBUNG_SERVER_DATA_DIR=str(server_dir))
        issued = subprocess.run(
            [sys.executable, "-m", "sync_server", "device", "enroll", "--branch", "BR01"],
            env=server_env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert issued.returncode == 0, issued.stderr
        code = re.search(r"enrolment code for BR01: (\S+)", issued.stdout).group(1)  # type: ignore[union-attr]
        pc3 = tmp_path / "pc3"
        pc3.mkdir()
        store = Store(store_path(pc3))
        try:
            identity = enrol(store, url, code, device_name="Loket 3", data_dir=pc3)
        finally:
            store.close()
        assert (identity.branch_id, identity.device_no) == ("BR01", 3)
        listed = subprocess.run(
            [sys.executable, "-m", "sync_server", "device", "list", "--branch", "BR01"],
            env=server_env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert "Loket 2" in listed.stdout and "Loket 3" in listed.stdout
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGINT)
            try:
                demo.wait(timeout=30)
            except subprocess.TimeoutExpired:
                demo.kill()
                demo.wait()
