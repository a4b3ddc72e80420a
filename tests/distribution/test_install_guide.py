"""docs/install.md works as written: every command it shows is run, in the guide's order, on a
fresh sync server process and fresh PC data folders.

The guide marks its fenced blocks: ``sh server`` (head office, run with the venv's
``lumbung-server`` on the server's data directory), ``cmd pc=NAME`` (a branch PC: the
``lumbung-console.exe`` of the guide is the venv's ``lumbung`` with ``--data-dir`` that PC's
folder; ``E:\\`` is a folder standing in for the USB stick), ``cmd windows-only`` (the installer
and uninstaller, which cannot run here) and ``text`` (samples). Steps done on a screen are HTML
comments (``<!-- test: enrol PC1 -->``) that this test performs with the same code the screen
calls. Codes and device ids in the guide's commands are examples: the ones the server printed
are used instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from desktop.services import BranchService
from desktop.store import Store
from desktop.store.paths import store_path
from desktop.sync import credentials, engine_for, enrol
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from ledger.wire import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.sync.harness import Central, ServerProcess

from .conftest import ROOT

GUIDE = ROOT / "docs" / "install.md"
CONSOLE = '"C:\\Program Files\\Lumbung\\lumbung-console.exe"'
CODE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")
PASSWORDS = {"wayan": "wayan-rahasia-1", "komang": "komang-rahasia-1"}


@dataclass
class Block:
    info: str
    lines: list[str]


@dataclass
class Step:
    action: str
    pc: str


def read_guide() -> list[Block | Step]:
    items: list[Block | Step] = []
    text = GUIDE.read_text(encoding="utf-8")
    for match in re.finditer(
        r"^ *```([^\n]*)\n(.*?)^ *```$|<!-- test: (\w+) (\S+) -->", text, re.M | re.S
    ):
        if match.group(3):
            items.append(Step(match.group(3), match.group(4)))
        else:
            lines = [line.strip() for line in match.group(2).splitlines() if line.strip()]
            items.append(Block(match.group(1).strip(), lines))
    return items


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")
    monkeypatch.setattr(credentials, "_chosen", False)
    monkeypatch.setattr(credentials, "_backend", None)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    server = ServerProcess(tmp_path / "head-office")
    server.start()
    c = Central(server)
    try:
        yield c
    finally:
        server.stop()
        c.close()
        assert not server.tracebacks(), "the server logged an unexpected exception"


@dataclass
class Walk:
    """The guide walked through: a server, branch PCs by name, what the server printed."""

    central: Central
    root: Path
    code: str = ""
    device_ids: dict[str, str] = field(default_factory=dict)
    receipts: list[str] = field(default_factory=list)
    old_token: str = ""
    ran: list[str] = field(default_factory=list)

    def pc(self, name: str) -> Path:
        return self.root / "pcs" / name

    @property
    def usb(self) -> Path:
        return self.root / "usb"

    def run(self, argv: list[str], stdin: str = "") -> str:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env["LUMBUNG_SERVER_DATA_DIR"] = str(self.central.server.data_dir)
        env.pop("QT_QPA_PLATFORM", None)  # the self-test chooses offscreen by itself
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
            env=env, timeout=180, start_new_session=True,  # no terminal: getpass reads stdin
        )  # fmt: skip
        assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
        found = re.search(r"code for \S+: (\S+)", done.stdout)
        if found:
            self.code = found.group(1)
        return done.stdout

    def server(self, line: str) -> None:
        words = shlex.split(line)
        assert words[0] == "lumbung-server", line
        words = [self.device_ids["PC1"] if w == "DEVICE_ID" else w for w in words]
        stdin = ""
        if words[1:3] == ["user", "add"]:
            stdin = f"{PASSWORDS[words[3]]}\n" * 2  # asked twice
        out = self.run([sys.executable, "-m", "sync_server", *words[1:]], stdin)
        self.ran.append(line)
        if words[1:3] == ["device", "list"]:
            for device_id in self.device_ids.values():
                assert device_id in out

    def windows_path(self, word: str) -> str:
        if word.startswith("E:\\"):
            rest = word[3:]
            return str(self.usb.joinpath(*rest.split("\\"))) + (
                os.sep if rest.endswith("\\") else ""
            )
        return word

    def branch_pc(self, pc: str, line: str) -> None:
        assert line.startswith(CONSOLE + " "), line
        words = [self.windows_path(w) for w in shlex.split(line[len(CONSOLE) :], posix=False)]
        stdin = ""
        if words[0] == "rekey":
            # The guide's "restore without --code" case: head office issues another code.
            self.server("lumbung-server device replace DEVICE_ID")
        if words[0] in ("restore", "rekey"):
            words = [self.code if CODE.fullmatch(w) else w for w in words]
        if words[0] == "restore" and pc != "PC1":
            stdin = "y\n"  # another PC's backup: it asks, the installer checked and says yes
        out = self.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(self.pc(pc)), *words], stdin
        )
        self.ran.append(f"{pc}: {line}")
        if words[0] == "--self-test":
            assert "PASSED: 13 steps" in out
        if words[0] == "restore" and pc != "PC1":
            assert "Pulihkan cadangan ini ke PC ini? [y/N]" in out
            assert "branch:        BR01 Cabang Ubud" in out
            assert f"device id:     {self.device_ids['PC1']}" in out
            assert "2 not yet sent to head office" in out
        if "--code" in words or words[0] == "rekey":
            assert f"rekey: device {self.device_ids['PC1']} (branch BR01) has a new token" in out

    # The steps done on a screen -----------------------------------------------------------

    def enrol(self, pc: str) -> None:
        folder = self.pc(pc)
        assert not folder.exists() or not store_path(folder).exists()
        store = Store(store_path(folder))
        try:
            identity = enrol(
                store, self.central.url, self.code, device_name=f"Loket {pc}", data_dir=folder
            )
        finally:
            store.close()
        assert identity.branch_id == "BR01" and identity.branch_name == "Cabang Ubud"
        assert identity.device_no == len(self.device_ids) + 1  # "Diberikan kantor pusat"
        self.device_ids[pc] = identity.device_id
        service = BranchService(store_path(folder))
        try:  # the staff accounts came from head office: the supervisor logs in
            assert service.authenticate("wayan", PASSWORDS["wayan"]).role == "supervisor"
        finally:
            service.close()

    def post(self, pc: str) -> None:
        """A morning at the counter: some of it synced, the last two deposits offline."""
        folder = self.pc(pc)
        service = BranchService(store_path(folder))
        try:
            teller = service.authenticate("komang", PASSWORDS["komang"])
            service.open_session(actor=teller, opening_float=2_000_000)
            form = RegistrationInput(
                nik=make_nik("510201", dt.date(1980, 4, 2), "P", 1),  # type: ignore[arg-type]
                name="Ni Putu Sekar", birth_place="Gianyar", address="Banjar Kutuh, Ubud",
                phone="0813 3800 0001", occupation="Pedagang", mother_maiden_name="Ni Wayan Sari",
            )  # fmt: skip
            member = service.register_member(form, actor=teller).member_id
            self.receipts.append(
                service.deposit(member, "sukarela", 50_000, actor=teller).receipt_no
            )
            engine = engine_for(service.store, folder)
            assert engine is not None
            engine.sync_once()
            engine.close()
            for amount in (25_000, 75_000):  # the line is down now
                self.receipts.append(
                    service.deposit(member, "sukarela", amount, actor=teller).receipt_no
                )
        finally:
            service.close()

    def dies(self, pc: str) -> None:
        token = credentials.load_token(self.pc(pc), self.device_ids[pc])
        assert token
        self.old_token = token
        assert len(self.central.device_seqs(self.device_ids[pc])) == self.own_events(pc) - 2

    def own_events(self, pc: str) -> int:
        conn = Store(store_path(self.pc(pc)))
        try:
            return int(
                conn.conn.execute(
                    "SELECT count(*) FROM events WHERE device_id = ?", (self.device_ids["PC1"],)
                ).fetchone()[0]
            )
        finally:
            conn.close()


def pull_status(central: Central, token: str) -> int:
    reply = requests.get(
        central.url + "/v1/pull",
        params={"after": 0, "limit": 1},
        headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    return reply.status_code


def test_every_command_in_the_install_guide_works_as_written(
    central: Central, tmp_path: Path
) -> None:
    walk = Walk(central, tmp_path)
    walk.usb.mkdir()
    for item in read_guide():
        if isinstance(item, Step):
            getattr(walk, item.action)(item.pc)
        elif item.info == "sh server":
            for line in item.lines:
                walk.server(line)
        elif item.info.startswith("cmd pc="):
            for line in item.lines:
                walk.branch_pc(item.info.removeprefix("cmd pc="), line)
        elif item.info == "cmd windows-only":
            for line in item.lines:  # only the installer and the uninstaller
                assert re.fullmatch(
                    r'(lumbung-[\d.]+-setup\.exe|"C:\\Program Files\\Lumbung\\uninstall\.exe")'
                    r"( /S)?( /D=\S+)?",
                    line,
                ), line
        else:
            assert item.info == "text", f"an unmarked block: {item}"
    assert len(walk.ran) >= 16, walk.ran
    assert set(walk.device_ids) == {"PC1", "PC2"}

    # The replaced PC carries on as the dead one: every transaction once, receipts continue.
    device_id = walk.device_ids["PC1"]
    new_pc = walk.pc("PC1-NEW")
    service = BranchService(store_path(new_pc))
    try:
        assert service.store.identity is not None
        assert service.store.identity.device_id == device_id
        teller = service.authenticate("komang", PASSWORDS["komang"])
        member = service.member_by_no("BR01-01-00001")
        assert member is not None
        receipt = service.deposit(member.member_id, "sukarela", 10_000, actor=teller).receipt_no
        engine = engine_for(service.store, new_pc)
        assert engine is not None
        engine.sync_once()
        engine.close()
    finally:
        service.close()
    prefix, last = walk.receipts[-1].rsplit("/", 1)
    assert receipt == f"{prefix}/{int(last) + 1:07d}"
    total = walk.own_events("PC1-NEW")
    assert central.device_seqs(device_id) == list(range(1, total + 1))
    assert pull_status(central, walk.old_token) == 401
    # The backup folder the guide named was created, and the stick holds only backups.
    assert (walk.usb / "backups").is_dir()
    assert all(p.suffix == ".sqlite3" for p in walk.usb.rglob("*") if p.is_file())


def test_the_guide_names_what_an_installer_sees() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    nsis = (ROOT / "installer" / "lumbung.nsi").read_text(encoding="utf-8")
    for lang, name in re.findall(r'LangString SelfTest \$\{LANG_(\w+)\} "([^"]+)"', nsis):
        assert f"Lumbung → {name}" in text or f"**{name}**" in text, (lang, name)
    pinned = re.search(
        r'"PySide6-Essentials==([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert pinned and f"Qt {pinned.group(1)} (PySide6 {pinned.group(1)})" in text
    assert "6.12" not in text
    for stale in ("later release", "synchronisation release", "comes with the"):
        assert stale not in text
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert f"self-test {version}" in text
    assert "8470" in text  # which server address to type
