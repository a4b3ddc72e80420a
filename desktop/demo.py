"""``lumbung demo``: a demo cooperative, a local sync server, and the desktop over them.

The demo lives in its own data directory (``<data dir>/demo`` unless ``--data-dir`` names
one), is seeded once by :func:`desktop.demo_data.seed_demo`, and is opened like any branch.
The sync server runs as a separate process (``python -m sync_server serve``): the desktop never
imports the server's code.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Logins the demo uses when seed_demo does not say otherwise.
DEMO_TELLER = ("ayu", "ayu12345")
DEMO_SUPERVISOR = ("made", "made1234")


def demo_dir(args: argparse.Namespace) -> Path:
    from desktop.store.paths import default_data_dir

    if args.data_dir:
        return Path(args.data_dir)
    return default_data_dir() / "demo"


def seed(data_dir: Path) -> tuple[bool, Any]:
    """Seed the demo once; returns (seeded now, seed_demo's summary)."""
    from desktop.demo_data import seed_demo
    from desktop.services import BranchService
    from desktop.store.paths import store_path

    data_dir.mkdir(parents=True, exist_ok=True)
    service = BranchService(store_path(data_dir))
    try:
        if service.is_initialised():
            return False, None
        return True, seed_demo(service)
    finally:
        service.close()


def logins(info: Any) -> tuple[tuple[str, str], tuple[str, str]]:
    """Teller and supervisor logins, from seed_demo's answer when it gives them."""

    def pair(prefix: str, default: tuple[str, str]) -> tuple[str, str]:
        user = getattr(info, f"{prefix}_username", None)
        password = getattr(info, f"{prefix}_password", None)
        return (user, password) if user and password else default

    return pair("teller", DEMO_TELLER), pair("supervisor", DEMO_SUPERVISOR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_available() -> bool:
    """Whether ``python -m sync_server`` can run, found without importing the package."""
    spec = importlib.util.find_spec("sync_server")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return any((Path(loc) / "__main__.py").exists() for loc in locations)


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes] | None:
    if not server_available():
        log.warning("sync_server has no __main__ yet: the demo runs without a sync server")
        print("note: sync server not available yet; the demo runs offline", file=sys.stderr)
        return None
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    from desktop.demo_data import COOPERATIVE

    env = dict(
        os.environ,
        LUMBUNG_SERVER_DATA_DIR=str(data_dir / "server"),
        LUMBUNG_SERVER_COOPERATIVE_NAME=COOPERATIVE,
    )
    with open(logs / "sync-server.log", "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    print(f"sync server started on http://127.0.0.1:{port} (pid {process.pid})")
    return process


def join_server(data_dir: Path, server_url: str, *, push: bool = False) -> None:
    """Enrol the demo branch with the demo's server, so the desktop shows sync at work."""
    from desktop.demo_sync import enrol_demo, wait_ready

    if not wait_ready(server_url):
        print("note: the sync server did not answer; the demo runs offline", file=sys.stderr)
        return
    try:
        # push: the history goes to head office now, so the PCs enrolled next load it.
        identity = enrol_demo(data_dir, server_url, data_dir / "server", first_sync=push)
    except Exception as exc:  # the demo still works stand-alone
        log.warning("demo enrolment failed: %s", exc)
        print(f"note: could not enrol with the sync server ({exc})", file=sys.stderr)
        return
    print(f"enrolled {identity.branch_id} device {identity.device_id} with {server_url}")


def print_head_office(server_dir: Path, server_url: str) -> None:
    """Where head office's side of the demo keeps its data, and how to reach it, so an
    installer can follow docs/install.md (``lumbung-server device enroll ...``) against it."""
    print(f"head office (demo sync server): {server_url}")
    print(f"  its data directory: {server_dir}")
    print("  head office's commands against it (docs/install.md), in another terminal:")
    print(f"    export LUMBUNG_SERVER_DATA_DIR={server_dir}")
    print(f"    (Windows cmd: set LUMBUNG_SERVER_DATA_DIR={server_dir})")
    print("    lumbung-server device enroll --branch BR01")
    print(f"  then a new PC: lumbung --data-dir <new folder>, enrol with address {server_url}")


def add_pcs(data_dir: Path, server_url: str, pcs: int, branches: int) -> list[Path]:
    """PCs beyond the first, each enrolled with its own code: PC 2.. of BR01 and, with a
    second branch, its first PC. Returns their data directories."""
    from desktop.demo_sync import SECOND_BRANCH, SECOND_SUPERVISOR, add_second_branch, enrol_pc

    server_dir = data_dir / "server"
    folders: list[Path] = []
    for number in range(2, pcs + 1):
        pc_dir = data_dir / f"pc{number}"
        identity = enrol_pc(pc_dir, server_url, server_dir, ("BR01", "Cabang Ubud"),
                            f"Loket {number}")  # fmt: skip
        print(f"PC {identity.device_no:02d} of {identity.branch_id}: data in {pc_dir}")
        folders.append(pc_dir)
    if branches >= 2:
        add_second_branch(server_dir)
        pc_dir = data_dir / f"{SECOND_BRANCH[0].lower()}-pc1"
        identity = enrol_pc(pc_dir, server_url, server_dir, SECOND_BRANCH, "Loket 1")
        user, _name, password = SECOND_SUPERVISOR
        print(
            f"PC {identity.device_no:02d} of {identity.branch_id} ({SECOND_BRANCH[1]}): data in "
            f"{pc_dir}; supervisor {user} / {password}"
        )
        folders.append(pc_dir)
    return folders


def open_desktops(folders: list[Path], lang: str, lock_minutes: float) -> list[Any]:
    """Each extra PC's desktop in a process of its own, as on its own computer."""
    processes = []
    for folder in folders:
        argv = [sys.executable, "-m", "desktop", "--data-dir", str(folder), "--lang", lang,
                "--lock-minutes", str(lock_minutes)]  # fmt: skip
        processes.append(subprocess.Popen(argv))
    return processes


def stop_server(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_demo(args: argparse.Namespace) -> int:
    from desktop.app import setup_logging

    data_dir = demo_dir(args)
    setup_logging(data_dir)
    seeded_now, info = seed(data_dir)
    state = f"seeded now: {info}" if seeded_now else "already seeded"
    print(f"demo data: {data_dir} ({state})")
    teller, supervisor = logins(info)
    print(f"logins: teller {teller[0]} / {teller[1]}, supervisor {supervisor[0]} / {supervisor[1]}")
    if args.headless:
        return run_headless(data_dir, args.lang, teller, supervisor)
    port = args.port or _free_port()
    server = None if args.no_server else start_server(data_dir, port)
    url = f"http://127.0.0.1:{port}"
    desktops: list[Any] = []
    pcs, branches = max(1, getattr(args, "pcs", 1)), max(1, getattr(args, "branches", 1))
    try:
        if server is not None:
            join_server(data_dir, url, push=pcs > 1 or branches > 1)
            folders = add_pcs(data_dir, url, pcs, branches) if pcs > 1 or branches > 1 else []
            print_head_office(data_dir / "server", url)
            if getattr(args, "no_desktop", False):
                print("ready: the server runs until Ctrl+C", flush=True)
                return _serve(server)
            desktops = open_desktops(folders, args.lang, args.lock_minutes)
        from desktop.app import run

        return run(data_dir, args.lang, args.lock_minutes)
    finally:
        for desktop in desktops:
            stop_server(desktop)
        stop_server(server)


def _serve(server: subprocess.Popen[bytes]) -> int:
    """Keep the demo's server up for an installer's commands, until Ctrl+C (or it ends)."""
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0


def quiet_offscreen_warnings() -> None:
    """The offscreen platform warns about window hints it cannot honour; drop just those."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode: Any, context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def run_headless(
    data_dir: Path, lang: str, teller: tuple[str, str], supervisor: tuple[str, str]
) -> int:
    """Render the main screens offscreen into ``<data dir>/headless``, print a summary."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from desktop.app import LumbungApp
    from desktop.screenshots import summary, take

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    quiet_offscreen_warnings()
    app = LumbungApp(qapp, data_dir, lang=lang, lock_minutes=60)
    app.start()
    try:
        shots = take(app, data_dir / "headless", teller=teller, supervisor=supervisor)
    finally:
        app.shutdown()
    print(summary(shots))
    return 0
