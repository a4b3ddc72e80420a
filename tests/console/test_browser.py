"""Head office in a real browser (Debian's chromium through Playwright) against the real
server process: sign in, enrol a PC whose code a real desktop store uses, define a loan product
and see it reach that branch by sync, resolve a review case the branch's events opened, download
reports and open them, and follow a year's journal running in the background.

``LUMBUNG_CONSOLE_SCREENSHOTS=DIR`` keeps the screenshots of every page (Indonesian and English,
laptop and phone) in DIR; docs/screenshots/console/ holds a set made that way.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.store import Store
from desktop.store.loans import product as branch_product
from desktop.sync import engine_for, enrol
from ledger.events import MemberRegistered, SavingsDeposited, TellerSessionOpened
from ledger.ids import uuid7
from ledger.nik import make_nik
from sync_server.store import tables as t

from .conftest import PASSWORD, Console

DAY = dt.date.today().isoformat()
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def state() -> dict[str, Any]:
    """What the flow test leaves for the screenshot test (same server, same data)."""
    return {}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True, locale="id-ID")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        yield tab
    finally:
        context.close()


def _sign_in(page: Any, console: Console, role: str = "admin") -> None:
    page.goto(console.url + "/console/")
    assert "/console/login" in page.url
    page.fill("input[name=username]", console.user(role))
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(console.url + "/console/")


def _register(store: Store, branch_id: str, name: str, nik: str) -> str:
    member_id = uuid7()
    payload = MemberRegistered(
        member_id=member_id, member_no=f"{branch_id}-{member_id[-6:]}", nik=nik, name=name,
        birth_place="Gianyar", birth_date="1990-03-07", sex="P", address="Jl. Raya Ubud 1",
        phone="081234567890", occupation="Pedagang", mother_maiden_name="Ni Ketut",
        join_date=DAY, home_branch=branch_id,
    )  # fmt: skip
    with store.transaction():
        store.append(payload, actor="u-teller", business_date=DAY)
    return member_id


def _finished_job(page: Any) -> None:
    page.wait_for_selector("#job-download:not([hidden])", timeout=60_000)


def test_head_office_works_a_branch_in_the_browser(
    console: Console, page: Any, tmp_path: Path, state: dict[str, Any]
) -> None:
    _sign_in(page, console)
    assert page.locator("h1").inner_text() == "Ringkasan cabang"

    # A branch, then an enrolment code shown as text and as a QR code.
    branch_id = "K" + uuid.uuid4().hex[:6].upper()
    page.click("a[href='/console/devices']")
    page.fill("#branch-form input[name=branch_id]", branch_id)
    page.fill("#branch-form input[name=name]", "Cabang Ubud")
    page.click("#branch-form button[type=submit]")
    page.wait_for_selector(".flash")
    page.select_option("#enrol-form select[name=branch_id]", branch_id)
    page.click("#enrol-form button[type=submit]")
    code = page.locator("#code").inner_text().strip()
    assert len(code) == 14 and code.count("-") == 2
    assert page.locator(".qr svg").count() == 1
    state["code_page"] = page.content()

    # A real desktop store enrols with that code and syncs.
    store = Store(tmp_path / "pc" / "lumbung.sqlite3")
    identity = enrol(store, console.url, code, device_name="Kasir 1", first_sync=True)
    assert identity.branch_id == branch_id
    engine = engine_for(store)
    assert engine is not None
    state["branch_id"] = branch_id

    # A loan product defined in the console reaches the branch PC by sync.
    product_id = "pu-" + uuid.uuid4().hex[:6]
    page.click("a[href='/console/products']")
    page.fill("#product-form input[name=product_id]", product_id)
    page.fill("#product-form input[name=code]", "PU")
    page.fill("#product-form input[name=name]", "Pinjaman Umum")
    page.select_option("#product-form select[name=method]", "anuitas")
    page.click("#product-form button[type=submit]")
    page.wait_for_selector(".flash")
    assert product_id in page.locator("#products").inner_text()
    assert branch_product(store.conn, product_id) is None
    engine.sync_once()
    found = branch_product(store.conn, product_id)
    assert found is not None and found[0].name == "Pinjaman Umum" and found[0].method == "anuitas"

    # Counter work at the branch: a deposit, and the same NIK registered twice (a case).
    session_id = uuid7()
    nik = make_nik("510403", dt.date(1990, 3, 7), "P", int(uuid.uuid4().int % 9000) + 1)
    first = _register(store, branch_id, "Ni Luh Sari", nik)
    _register(store, branch_id, "Ni Luh Sari Dewi", nik)
    with store.transaction():
        store.append(TellerSessionOpened(session_id, "u-teller", 5_000_000),
                     actor="u-teller", business_date=DAY)  # fmt: skip
        store.append(SavingsDeposited(first, "sukarela", 750_000, session_id),
                     actor="u-teller", business_date=DAY)  # fmt: skip
    engine.sync_once()
    state["member_id"] = first

    # The review queue shows the case with its events; resolve it.
    page.click("a[href='/console/review']")
    page.locator("#cases a", has_text="duplicate_nik").first.click()
    assert page.locator("table.events tbody tr").count() == 2
    page.fill("#resolve-form input[name=resolution]", "Gabungkan ke keanggotaan pertama")
    page.fill("#resolve-form textarea[name=note]", "Dicek dengan KTP")
    page.click("#resolve-form button[type=submit]")
    page.wait_for_selector(".flash")
    assert "Gabungkan ke keanggotaan pertama" in page.locator("#resolution").inner_text()
    case_id = page.url.rsplit("/", 1)[1]
    state["case_id"] = case_id
    with console.db.read() as conn:
        row = conn.execute(
            select(t.review_cases.c.resolution).where(t.review_cases.c.case_id == case_id)
        ).one()
        actors = [
            e for (e,) in conn.execute(
                select(t.events.c.body).where(t.events.c.type == "ReviewCaseResolved")
            ) if case_id in e
        ]  # fmt: skip
    assert row.resolution == "Gabungkan ke keanggotaan pertama"
    assert len(actors) == 1 and '"actor":"console:uji-admin"' in actors[0]
    engine.sync_once()  # the branch learns the decision like any head-office event
    resolved = store.conn.execute(
        "SELECT resolution FROM review_cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    assert resolved is not None and resolved[0] == "Gabungkan ke keanggotaan pertama"

    # The dashboard: the branch, its PC, the cash the deposit brought into the drawer.
    page.click("a[href='/console/']")
    row_text = page.locator("#branches tr", has_text=branch_id).inner_text()
    assert "Rp 750.000" in row_text  # the deposit in the teller's drawer

    # Members: search, open the profile; both are in the access log.
    page.click("a[href='/console/members']")
    page.fill("input[name=q]", "Luh Sari")
    page.click(".searchbar button")
    page.locator("#members a").first.click()
    assert "Ni Luh Sari" in page.locator("h1").inner_text()
    log = page.goto(console.url + "/console/audit?only=member.")
    assert log is not None
    assert "member.view" in page.content() and "member.search" in page.content()

    # A report in the background, downloaded and opened: PDF, then XLSX.
    page.click("a[href='/console/reports']")
    page.select_option("#report-form select[name=kind]", "trial-balance")
    page.select_option("#report-form select[name=format]", "pdf")
    page.click("#report-form button[type=submit]")
    _finished_job(page)
    with page.expect_download() as caught:
        page.click("#download")
    pdf = tmp_path / caught.value.suggested_filename
    caught.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        assert "Neraca Saldo" in text or "NERACA SALDO" in text.upper()
    page.click("a[href='/console/reports']")
    page.select_option("#report-form select[name=kind]", "savings")
    page.select_option("#report-form select[name=format]", "xlsx")
    page.click("#report-form button[type=submit]")
    _finished_job(page)
    with page.expect_download() as caught:
        page.click("#download")
    xlsx = tmp_path / caught.value.suggested_filename
    caught.value.save_as(xlsx)
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert 750_000 in cells

    # A year's journal runs in the background; the page follows its progress.
    page.click("a[href='/console/reports']")
    page.select_option("#report-form select[name=kind]", "journal-period")
    page.fill(
        "#report-form input[name=start]", (dt.date.today() - dt.timedelta(days=364)).isoformat()
    )
    page.click("#report-form button[type=submit]")
    assert page.locator("#progress").count() == 1
    _finished_job(page)
    assert page.locator("#job-steps").inner_text() == "365/365"
    assert page.locator("#progress").get_attribute("value") == "100"
    state["job_url"] = page.url

    # The extract's dry run is started with a button and runs in the background; this
    # server has no policy filled in, so the job ends with the policy's refusal, in words.
    page.click("a[href='/console/extract']")
    page.click("#extract-form button[type=submit]")
    page.wait_for_selector("#job[data-status=failed], #job[data-status=done]", timeout=60_000)
    if page.locator("#job").get_attribute("data-status") == "done":
        assert "DRY RUN" in page.locator("#result-text").inner_text()
    else:
        assert "Nomor Induk Koperasi" in page.locator("#job-message").inner_text()
    state["extract_job_url"] = page.url

    # Give the PC another number (from its next transaction on), replace it (a code for that
    # device only), then revoke it: its token stops working.
    page.click("a[href='/console/devices']")
    row = page.locator("#devices tr", has_text=identity.device_id)
    row.locator("input[name=number]").fill("7")
    row.locator("button", has_text="Nomor baru").click()
    page.wait_for_selector(".flash")
    row = page.locator("#devices tr", has_text=identity.device_id)
    assert "01 -> 07" in row.inner_text()
    row.locator("button", has_text="Ganti PC").click()
    assert page.locator("h1").inner_text().startswith("Kode penggantian PC")
    assert len(page.locator("#code").inner_text().strip()) == 14
    page.click("a[href='/console/devices']")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#devices tr", has_text=identity.device_id).locator("button.danger").click()
    page.wait_for_selector(".flash")
    assert "revoked" in page.locator("#devices tr", has_text=identity.device_id).inner_text()
    with console.db.read() as conn:
        status = conn.execute(
            select(t.devices.c.status).where(t.devices.c.device_id == identity.device_id)
        ).scalar()
    assert status == "revoked"
    engine.close()
    store.close()
    assert os.environ.get("LUMBUNG_TOKEN_STORE") == "file"


def _pages(console: Console, state: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, path) of every page, the detail pages at what the flow test made."""
    branch_id, member_id = state["branch_id"], state["member_id"]
    return [
        ("dashboard", "/console/"),
        ("devices", "/console/devices"),
        ("staff", "/console/staff"),
        ("products", "/console/products"),
        ("settings", "/console/settings"),
        ("review", "/console/review?all=1"),
        ("review-case", f"/console/review/{state['case_id']}"),
        ("recon", "/console/recon"),
        ("recon-day", f"/console/recon/{branch_id}/{DAY}"),
        ("members", "/console/members?q=Luh"),
        ("member", f"/console/members/{member_id}"),
        ("reports", "/console/reports"),
        ("job", state["job_url"].removeprefix(console.url)),
        ("extract", "/console/extract"),
        ("extract-job", state["extract_job_url"].removeprefix(console.url)),
        ("audit", "/console/audit"),
        ("users", "/console/users"),
    ]


def _collect_errors(page: Any, into: list[str]) -> None:
    page.on("console", lambda m: into.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: into.append(str(e)))


def test_every_page_in_both_languages_on_a_laptop_and_a_phone(
    console: Console, browser: Any, tmp_path: Path, state: dict[str, Any]
) -> None:
    if "job_url" not in state:
        pytest.skip("needs the data test_head_office_works_a_branch_in_the_browser makes")
    kept = os.environ.get("LUMBUNG_CONSOLE_SCREENSHOTS")
    out = Path(kept) if kept and console.backend == "sqlite" else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    headings = {}
    for size_name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=size)
        page = context.new_page()
        page.set_default_timeout(20_000)
        complaints: list[str] = []  # CSP violations and script errors show up here
        _collect_errors(page, complaints)
        page.goto(console.url + "/console/login")
        page.screenshot(path=str(out / f"login-id-{size_name}.png"))
        _sign_in(page, console)
        if size_name == "laptop":
            # Staff and a setting, entered through their forms, so those pages show something.
            page.goto(console.url + "/console/staff")
            page.fill("#staff-form input[name=username]", "ayu." + uuid.uuid4().hex[:4])
            page.fill("#staff-form input[name=full_name]", "Ayu Lestari")
            page.select_option("#staff-form select[name=branch_id]", state["branch_id"])
            page.fill("#staff-form input[name=password]", "rahasia-ayu-1")
            page.click("#staff-form button[type=submit]")
            page.wait_for_selector(".flash")
            assert "Ayu Lestari" in page.locator("#staff").inner_text()
            page.goto(console.url + "/console/settings")
            page.select_option("#setting-form select[name=key]", "teller_limit")
            page.fill("#setting-form input[name=value]", "10000000")
            page.click("#setting-form button[type=submit]")
            page.wait_for_selector(".flash")
            assert "10000000" in page.locator("#settings").inner_text()
        for lang in ("id", "en"):
            if lang == "en":
                page.click("a.lang")  # the language switch, for the rest of this session
            for name, path in _pages(console, state):
                page.goto(console.url + path)
                assert page.locator("h1").count() == 1, name
                body = page.locator("body").inner_text()
                assert "nav." not in body and "dash." not in body, name  # no raw keys
                headings[(lang, name)] = page.locator("h1").inner_text()
                page.screenshot(path=str(out / f"{name}-{lang}-{size_name}.png"))
            page.goto(console.url + "/console/devices")
            page.select_option("#enrol-form select[name=branch_id]", state["branch_id"])
            page.click("#enrol-form button[type=submit]")
            page.wait_for_selector("#code")
            page.screenshot(path=str(out / f"enrolment-code-{lang}-{size_name}.png"))
        page.click("#signout")
        page.wait_for_url("**/console/login?why=signedout")
        page.screenshot(path=str(out / f"signed-out-en-{size_name}.png"))
        context.close()
        assert complaints == [], complaints
    assert headings[("id", "dashboard")] == "Ringkasan cabang"
    assert headings[("en", "dashboard")] == "Branches at a glance"
    assert headings[("en", "recon")] == "End-of-day reconciliation"
