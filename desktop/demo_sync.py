"""The demo branch joins the demo's own sync server, as an installer would with a code.

Head office's side runs through the server's command line (``python -m sync_server branch add``
and ``device enroll``) in a subprocess: the desktop never imports the server's code. The demo
store is a stand-alone one (seeded locally), so it proposes its own device id and its whole
history is pushed by the first sync. On later runs the server listens on a new port: the store
just learns the new address.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from desktop.store import Identity, Store, store_path
from desktop.store import sync_state as st
from desktop.sync import enrol, set_server_url


def server_env(server_dir: Path) -> dict[str, str]:
    from desktop.demo_data import COOPERATIVE

    return dict(
        os.environ,
        LUMBUNG_SERVER_DATA_DIR=str(server_dir),
        LUMBUNG_SERVER_COOPERATIVE_NAME=COOPERATIVE,
    )


def server_cli(server_dir: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``python -m sync_server ARGS`` against the demo server's database."""
    done = subprocess.run(
        [sys.executable, "-m", "sync_server", *args],
        env=server_env(server_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sync_server {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def issue_code(server_dir: Path, branch_id: str, branch_name: str) -> str:
    """Register the branch at head office (once) and issue a one-time enrolment code."""
    listed = server_cli(server_dir, "branch", "list")
    if not re.search(rf"^\s*{re.escape(branch_id)}\b", listed, re.MULTILINE):
        server_cli(server_dir, "branch", "add", branch_id, "--name", branch_name)
    out = server_cli(server_dir, "device", "enroll", "--branch", branch_id)
    found = re.search(r"enrolment code for \S+: (\S+)", out)
    if found is None:
        raise RuntimeError(f"no enrolment code in: {out!r}")
    return found.group(1)


#: The demo's second branch: registered at head office with a supervisor and one PC.
SECOND_BRANCH = ("BR02", "Cabang Gianyar")
SECOND_SUPERVISOR = ("ketut", "Ketut Sudiarta", "ketut1234")


def enrol_pc(pc_dir: Path, server_url: str, server_dir: Path, branch: tuple[str, str],
             name: str) -> Identity:  # fmt: skip
    """A new PC of ``branch`` enrolled as an installer does it (a code from head office, the
    enrolment the first-run screen runs), then loaded from the branch's snapshot; on a later
    run it only learns the server's new address."""
    pc_dir.mkdir(parents=True, exist_ok=True)
    store = Store(store_path(pc_dir))
    try:
        identity = store.identity
        if identity is not None:
            set_server_url(store, server_url)
            return identity
        code = issue_code(server_dir, *branch)
        result: Identity = enrol(store, server_url, code, device_name=name, data_dir=pc_dir)
        return result
    finally:
        store.close()


def add_second_branch(server_dir: Path) -> None:
    """Head office registers the second branch and its supervisor (once)."""
    branch_id, branch_name = SECOND_BRANCH
    listed = server_cli(server_dir, "branch", "list")
    if re.search(rf"^\s*{re.escape(branch_id)}\b", listed, re.MULTILINE):
        return
    server_cli(server_dir, "branch", "add", branch_id, "--name", branch_name)
    user, full_name, password = SECOND_SUPERVISOR
    server_cli(server_dir, "user", "add", user, "--name", full_name, "--role", "supervisor",
               "--branch", branch_id, "--password-stdin", stdin=password + "\n")  # fmt: skip


def wait_ready(server_url: str, timeout: float = 30.0) -> bool:
    """Wait until the server answers ``/health`` (it is starting in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(server_url + "/health", timeout=2).ok:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False


def enrol_demo(
    data_dir: Path, server_url: str, server_dir: Path, *, first_sync: bool = False
) -> Identity:
    """Enrol the demo store with the demo server, or point it at the server's new address."""
    store = Store(store_path(data_dir))
    try:
        identity = store.identity
        if identity is None:
            raise RuntimeError("the demo store is not seeded")
        if st.read_state(store.conn).server_url:
            set_server_url(store, server_url)
            return identity
        code = issue_code(server_dir, identity.branch_id, identity.branch_name)
        result: Identity = enrol(
            store,
            server_url,
            code,
            device_name="demo",
            device_no=identity.device_no,
            data_dir=data_dir,
            first_sync=first_sync,
        )
        return result
    finally:
        store.close()
