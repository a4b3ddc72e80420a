"""Regenerate extract_dry_run.png: the data-centre extract's dry-run report.

    .venv/bin/python docs/screenshots/make_extract_screenshot.py [--out DIR]

Runs a real key-holder process and a real sync server in a temporary directory, pushes a
synthetic register (tests/extract/builders.register) from an enrolled branch PC, runs
``lumbung-server extract --dry-run`` as an admin would, and renders its text as a terminal
screenshot with headless Chromium (the report is plain text).
"""

from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))


def dry_run_text(work: Path) -> tuple[str, str]:
    from ledger.events import MemberRegistered
    from ledger.ids import uuid7
    from sync_server import admin
    from sync_server.extract.policy import DEFAULT_POLICY
    from sync_server.store.db import Database
    from tests.extract.builders import configured, register
    from tests.extract.conftest import KEYHOLDER, KeyHolderProcess, free_port, stop, wait_for
    from tests.server.helpers import Server

    key_file, state = work / "oprf.key", work / "kh.sqlite3"
    subprocess.run([*KEYHOLDER, "init", "--key-file", str(key_file)], check=True, cwd=ROOT)
    port = free_port()
    kh = subprocess.Popen(
        [*KEYHOLDER, "serve", "--key-file", str(key_file), "--state", str(state),
         "--port", str(port)], cwd=ROOT,
    )  # fmt: skip
    holder = KeyHolderProcess(f"http://127.0.0.1:{port}", key_file, state)
    wait_for(holder.url, kh, work / "none.log")
    token = holder.issue("KSP-SEJAHTERA", quota=20_000)
    policy_file = work / "datacentre-policy.toml"
    policy_file.write_bytes(configured(DEFAULT_POLICY.read_bytes(), holder.url, holder.public_key))
    url = f"sqlite:///{work / 'central.sqlite3'}"
    env = {
        **os.environ,
        "LUMBUNG_SERVER_DATA_DIR": str(work),
        "LUMBUNG_SERVER_EXTRACT_POLICY": str(policy_file),
        "LUMBUNG_KEYHOLDER_TOKEN": token,
    }
    sport = free_port()
    with open(work / "server.log", "wb") as log:
        srv = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
             "--port", str(sport), "--database-url", url],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{sport}"
    wait_for(base, srv, work / "server.log")
    db = Database(url)
    try:
        admin.add_branch(db, "BR01", "Cabang Ubud")
        device = Server(base, url, db, "sqlite").enrol("BR01")
        events = [device.open_drawer()]
        people = [m for m in register(3200, seed=17) if m["birth_date"] < "2003-01-01"]
        for i, m in enumerate(people[:3000], 1):
            member_id = uuid7()
            events.append(
                device.make(
                    MemberRegistered(
                        member_id=member_id, member_no=f"BR01-01-{i:05d}", nik=m["nik"],
                        name=m["name"], birth_place="Gianyar", birth_date=m["birth_date"],
                        sex=m["sex"], address=m["address"], phone=m["phone"],
                        occupation="Petani", mother_maiden_name="Ni Luh Sekar",
                        join_date=m["join_date"], home_branch="BR01",
                    )
                )
            )  # fmt: skip
            events.append(device.deposit(member_id, 100_000 + m["savings"]["sukarela"]))
        for start in range(0, len(events), 500):
            reply = device.push(events[start : start + 500])
            assert reply.status_code == 200, reply.text
        command = ["extract", "--policy", str(policy_file), "--dry-run", "--preview", "8"]
        done = subprocess.run(
            [sys.executable, "-m", "sync_server", *command, "--database-url", url],
            env=env, capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        return "lumbung-server " + " ".join(command), done.stdout
    finally:
        db.dispose()
        stop(srv)
        stop(kh)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lumbung-extract-shot-") as tmp:
        work = Path(tmp)
        command, text = dry_run_text(work)
        page = work / "dry-run.html"
        page.write_text(
            "<!doctype html><meta charset='utf-8'><style>body{margin:0;background:#1e1e1e}"
            ".bar{background:#3a3a3a;color:#cfcfcf;font:12px 'DejaVu Sans',sans-serif;"
            "padding:6px 18px}.term{padding:14px 18px;color:#e6e6e6;white-space:pre;"
            "font:12px/15px 'DejaVu Sans Mono',monospace}</style>"
            f"<div class='bar'>admin@koperasi-server:~$ {html.escape(command)}</div>"
            f"<div class='term'>{html.escape(text.rstrip())}</div>",
            "utf-8",
        )
        target = args.out / "extract_dry_run.png"
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1560,1010", f"--screenshot={target}", page.as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
    print(f"written: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
