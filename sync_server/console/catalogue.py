"""Every string the console shows, in Bahasa Indonesia and English, in one place.

A plain dict rather than gettext catalogues: the console has a few hundred short strings, both
languages are maintained together by the same people, and a missing key fails loudly in the
tests (:func:`text` raises ``KeyError``) instead of silently showing the msgid.
"""

from __future__ import annotations

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

#: key -> (Bahasa Indonesia, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Konsol Kantor Pusat", "Head Office Console"),
    "lang.switch": ("English", "Bahasa Indonesia"),
    "nav.dashboard": ("Dasbor", "Dashboard"),
    "nav.devices": ("Perangkat", "Devices"),
    "nav.staff": ("Staf cabang", "Branch staff"),
    "nav.products": ("Produk pinjaman", "Loan products"),
    "nav.settings": ("Pengaturan", "Settings"),
    "nav.review": ("Kasus tinjauan", "Review cases"),
    "nav.recon": ("Rekonsiliasi", "Reconciliation"),
    "nav.members": ("Anggota", "Members"),
    "nav.reports": ("Laporan", "Reports"),
    "nav.extract": ("Ekstrak pusat data", "Data-centre extract"),
    "nav.audit": ("Log audit", "Audit log"),
    "nav.users": ("Akun konsol", "Console accounts"),
    "nav.signout": ("Keluar", "Sign out"),
    "nav.menu": ("Menu", "Menu"),
    # sign-in
    "login.title": ("Masuk", "Sign in"),
    "login.username": ("Nama pengguna", "Username"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Sign in"),
    "login.failed": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "login.locked": (
        "Akun terkunci sementara setelah terlalu banyak percobaan gagal. Coba lagi nanti atau "
        "minta admin membukanya.",
        "Account locked for a while after too many failed attempts. Try again later or ask "
        "an admin to unlock it.",
    ),
    "login.expired": (
        "Sesi berakhir karena tidak ada aktivitas. Silakan masuk lagi.",
        "Your session ended after a period of inactivity. Please sign in again.",
    ),
    "login.signedout": ("Anda sudah keluar.", "You have signed out."),
    "error.csrf": (
        "Formulir kedaluwarsa atau tidak sah; muat ulang halaman dan coba lagi.",
        "The form expired or is not valid; reload the page and try again.",
    ),
    "error.forbidden": (
        "Peran Anda tidak boleh membuka halaman ini atau melakukan tindakan ini.",
        "Your role may not open this page or take this action.",
    ),
    "error.notfound": ("Tidak ditemukan.", "Not found."),
    "error.title": ("Tidak dapat dilanjutkan", "Cannot continue"),
    "done": ("Tersimpan.", "Saved."),
    "back": ("Kembali", "Back"),
    "none": ("(tidak ada)", "(none)"),
    "save": ("Simpan", "Save"),
    "search": ("Cari", "Search"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "role": ("Peran", "Role"),
    "role.admin": ("admin", "admin"),
    "role.accountant": ("akuntan", "accountant"),
    "role.manager": ("manajer", "manager"),
    "role.auditor": ("auditor (hanya baca)", "auditor (read-only)"),
    "signed_in_as": ("Masuk sebagai", "Signed in as"),
    # dashboard
    "dash.title": ("Ringkasan cabang", "Branches at a glance"),
    "dash.branch": ("Cabang", "Branch"),
    "dash.devices": ("PC aktif", "Active PCs"),
    "dash.last_sync": ("Sinkron terakhir", "Last sync"),
    "dash.waiting": ("Transaksi menunggu", "Events waiting"),
    "dash.last_closed": ("Hari terakhir ditutup", "Last day closed"),
    "dash.open_days": ("Hari belum ditutup", "Days not closed"),
    "dash.mismatch": ("Tidak cocok", "Mismatches"),
    "dash.cases": ("Kasus terbuka", "Open cases"),
    "dash.cash": ("Posisi kas", "Cash position"),
    "dash.per_device": ("Per PC", "Per PC"),
    "dash.total": ("Total", "Total"),
    "dash.never": ("belum pernah", "never"),
    # devices
    "dev.title": ("Perangkat cabang", "Branch devices"),
    "dev.enrol": ("Daftarkan PC baru", "Enrol a new PC"),
    "dev.enrol.submit": ("Buat kode pendaftaran", "Make an enrolment code"),
    "dev.code": ("Kode pendaftaran", "Enrolment code"),
    "dev.code.rekey": ("Kode penggantian PC", "Replacement code"),
    "dev.code.help": (
        "Ketik kode ini di PC baru (atau pindai kodenya). Berlaku sekali, sampai",
        "Type this code into the new PC (or scan it). Valid once, until",
    ),
    "dev.code.rekey.help": (
        "PC pengganti memulihkan cadangan PC lama dengan kode ini; token PC lama lalu berhenti. "
        "Berlaku sekali, hanya untuk perangkat ini, sampai",
        "The replacement PC restores the old PC's backup with this code; the old PC's token "
        "then stops. Valid once, for this device only, until",
    ),
    "dev.id": ("Id perangkat", "Device id"),
    "dev.no": ("No.", "No."),
    "dev.name": ("Nama", "Name"),
    "dev.status": ("Status", "Status"),
    "dev.acked": ("Diterima s.d.", "Received up to"),
    "dev.waiting": ("Menunggu", "Waiting"),
    "dev.contact": ("Kontak terakhir", "Last contact"),
    "dev.revoke": ("Cabut", "Revoke"),
    "dev.replace": ("Ganti PC", "Replace PC"),
    "dev.revoked": ("Perangkat dicabut.", "Device revoked."),
    "dev.renumber": ("Nomor baru", "Renumber"),
    "dev.number_bad": ("Nomor PC: 1 sampai 99, atau kosong.", "PC number: 1 to 99, or empty."),
    "dev.clash": ("nomor bentrok", "number clash"),
    "dev.not_active": ("Tidak ada perangkat aktif itu.", "No such active device."),
    "dev.confirm_revoke": ("Cabut perangkat ini?", "Revoke this device?"),
    "branch.add": ("Tambah cabang", "Add a branch"),
    "branch.id": ("Kode cabang", "Branch id"),
    "branch.name": ("Nama cabang", "Branch name"),
    "branches": ("Cabang", "Branches"),
    # staff
    "staff.title": ("Akun staf cabang", "Branch staff accounts"),
    "staff.add": ("Tambah staf", "Add a staff member"),
    "staff.username": ("Nama pengguna", "Username"),
    "staff.full_name": ("Nama lengkap", "Full name"),
    "staff.branch": ("Cabang", "Branch"),
    "staff.active": ("Aktif", "Active"),
    "staff.disable": ("Nonaktifkan", "Disable"),
    "staff.reset": ("Atur ulang kata sandi", "Reset password"),
    "staff.new_password": ("Kata sandi baru", "New password"),
    # products
    "prod.title": ("Produk pinjaman", "Loan products"),
    "prod.define": ("Tetapkan produk", "Define a product"),
    "prod.id": ("Id produk", "Product id"),
    "prod.code": ("Kode", "Code"),
    "prod.name": ("Nama", "Name"),
    "prod.method": ("Metode", "Method"),
    "prod.frequency": ("Frekuensi", "Frequency"),
    "prod.rate": ("Jasa per bulan (bp)", "Rate per month (bp)"),
    "prod.min_rate": ("Jasa minimum (bp)", "Lowest rate (bp)"),
    "prod.max_rate": ("Jasa maksimum (bp)", "Highest rate (bp)"),
    "prod.min_amount": ("Pinjaman minimum (Rp)", "Smallest loan (Rp)"),
    "prod.max_amount": ("Pinjaman maksimum (Rp)", "Largest loan (Rp)"),
    "prod.min_tenor": ("Tenor minimum", "Shortest tenor"),
    "prod.max_tenor": ("Tenor maksimum", "Longest tenor"),
    "prod.admin_fee": ("Biaya administrasi (bp)", "Admin fee (bp)"),
    "prod.provision_fee": ("Provisi (bp)", "Provision fee (bp)"),
    "prod.active": ("Ditawarkan", "Offered"),
    "prod.edit": ("Ubah", "Change"),
    "prod.keep": (
        "Menetapkan ulang produk yang sudah ada mengganti kolom di formulir ini saja; aturan "
        "lain produk itu (denda, hari kolektibilitas, ...) tetap. Pinjaman yang sudah cair "
        "tetap dengan syaratnya.",
        "Redefining an existing product changes the fields of this form only; its other rules "
        "(late fees, kolektibilitas days, ...) stay. Loans already paid out keep their terms.",
    ),
    "prod.help": (
        "Produk menjadi peristiwa kantor pusat dan sampai ke setiap cabang saat sinkronisasi.",
        "A product becomes a head-office event and reaches every branch when it syncs.",
    ),
    # settings
    "set.title": ("Pengaturan", "Settings"),
    "set.scope": ("Berlaku untuk", "Applies to"),
    "set.key": ("Pengaturan", "Setting"),
    "set.value": ("Nilai", "Value"),
    "set.all": ("semua cabang", "all branches"),
    "set.change": ("Ubah pengaturan", "Change a setting"),
    # review
    "rev.title": ("Kasus tinjauan", "Review cases"),
    "rev.kind": ("Jenis", "Kind"),
    "rev.member": ("Anggota", "Member"),
    "rev.hold": ("Ditahan", "Hold"),
    "rev.detail": ("Keterangan", "Detail"),
    "rev.resolution": ("Keputusan", "Resolution"),
    "rev.note": ("Catatan", "Note"),
    "rev.keep_hold": ("Tetap tahan rekening", "Keep the account hold"),
    "rev.resolve": ("Putuskan", "Resolve"),
    "rev.events": ("Peristiwa kasus ini", "This case's events"),
    "rev.show_all": ("Tampilkan juga yang sudah diputuskan", "Show resolved cases too"),
    "rev.open": ("Terbuka", "Open"),
    "rev.only_open": ("Hanya kasus terbuka", "Open cases only"),
    "rev.resolved": ("Diputuskan", "Resolved"),
    "rev.branch": ("Cabang", "Branch"),
    # recon
    "recon.title": ("Rekonsiliasi akhir hari", "End-of-day reconciliation"),
    "recon.date": ("Tanggal usaha", "Business date"),
    "recon.status": ("Status", "Status"),
    "recon.events": ("Peristiwa di pusat", "Events at head office"),
    "recon.reported": ("Dilaporkan cabang", "Reported by the branch"),
    "recon.offline": ("Tutup luring", "Closed offline"),
    "recon.case": ("Kasus", "Case"),
    "recon.day": ("Peristiwa hari ini", "The day's events"),
    "status.agreed": ("cocok", "agreed"),
    "status.mismatch": ("TIDAK COCOK", "MISMATCH"),
    "status.pending": ("menunggu", "pending"),
    "ev.seq": ("Urutan global", "Global seq"),
    "ev.device": ("Perangkat / urutan", "Device / seq"),
    "ev.type": ("Jenis", "Type"),
    "ev.actor": ("Oleh", "By"),
    "ev.summary": ("Isi", "Content"),
    # members
    "mem.title": ("Anggota", "Members"),
    "mem.query": ("Nama, NIK atau nomor anggota", "Name, NIK or member number"),
    "mem.no": ("No. anggota", "Member no."),
    "mem.name": ("Nama", "Name"),
    "mem.nik": ("NIK", "NIK"),
    "mem.home": ("Cabang asal", "Home branch"),
    "mem.profile": ("Profil", "Profile"),
    "mem.balances": ("Saldo simpanan", "Savings balances"),
    "mem.history": ("Riwayat", "History"),
    "mem.logged": (
        "Setiap pencarian dan profil yang dibuka dicatat di log akses.",
        "Every search and every profile opened is recorded in the access log.",
    ),
    "mem.masked": (
        "Sebagian data pribadi disamarkan untuk peran Anda.",
        "Some personal data is masked for your role.",
    ),
    "mem.hint": ("Ketik minimal 2 huruf.", "Type at least 2 characters."),
    # reports
    "rep.title": ("Laporan", "Reports"),
    "rep.kind": ("Laporan", "Report"),
    "rep.date": ("Tanggal", "Date"),
    "rep.start": ("Dari tanggal", "From"),
    "rep.branch": ("Cabang (kosong: semua)", "Branch (empty: all)"),
    "rep.member": ("Anggota (laporan rekening)", "Member (statement)"),
    "rep.format": ("Format", "Format"),
    "rep.run": ("Buat laporan", "Make the report"),
    "rep.period_help": (
        "Jurnal satu periode (misalnya setahun) dibuat hari demi hari di latar belakang.",
        "A journal over a period (a year, say) is made day by day in the background.",
    ),
    "rep.jobs": ("Pekerjaan terakhir", "Recent work"),
    "job.title": ("Pekerjaan di latar belakang", "Background work"),
    "job.status": ("Status", "Status"),
    "job.queued": ("menunggu", "queued"),
    "job.running": ("berjalan", "running"),
    "job.done": ("selesai", "done"),
    "job.failed": ("gagal", "failed"),
    "job.download": ("Unduh", "Download"),
    "job.progress": ("Kemajuan", "Progress"),
    "kind.trial-balance": ("Neraca saldo", "Trial balance"),
    "kind.journal": ("Jurnal harian", "Daily journal"),
    "kind.journal-period": ("Jurnal satu periode", "Journal over a period"),
    "kind.teller-cash": ("Kas teller", "Teller cash"),
    "kind.savings": ("Simpanan", "Savings"),
    "kind.loans": ("Pinjaman", "Loans"),
    "kind.statement": ("Rekening anggota", "Member statement"),
    "kind.recon": ("Rekonsiliasi", "Reconciliation"),
    # extract
    "ext.title": ("Ekstrak pusat data (uji coba)", "Data-centre extract (dry run)"),
    "ext.help": (
        "Uji coba menunjukkan apa yang akan dikirim ke pusat data: kolom, jumlah anggota, sel "
        "yang disembunyikan, contoh baris. Tidak ada berkas ditulis, dikirim atau dicatat; "
        "pemegang kunci tetap dimintai pseudonim (menghabiskan kuota), karena itu uji coba "
        "dijalankan dengan tombol, di latar belakang.",
        "The dry run shows what would be sent to the data centre: columns, member count, "
        "suppressed cells, sample rows. Nothing is written, sent or logged; the key holder is "
        "still asked for pseudonyms (it uses quota), so the dry run is started with a button, "
        "in the background.",
    ),
    "ext.run": ("Jalankan uji coba", "Run the dry run"),
    "kind.extract-dry-run": ("Uji coba ekstrak pusat data", "Data-centre extract dry run"),
    # audit and console accounts
    "audit.title": ("Log audit dan akses", "Audit and access log"),
    "audit.at": ("Waktu (UTC)", "Time (UTC)"),
    "audit.who": ("Siapa", "Who"),
    "audit.action": ("Tindakan", "Action"),
    "audit.target": ("Sasaran", "Target"),
    "audit.detail": ("Rincian", "Detail"),
    "audit.address": ("Alamat", "Address"),
    "users.title": ("Akun konsol kantor pusat", "Head-office console accounts"),
    "users.add": ("Tambah akun", "Add an account"),
    "users.locked": ("Terkunci s.d.", "Locked until"),
    "users.unlock": ("Buka kunci", "Unlock"),
    # member profile fields
    "field.address": ("Alamat", "Address"),
    "field.birth_date": ("Tanggal lahir", "Date of birth"),
    "field.birth_place": ("Tempat lahir", "Place of birth"),
    "field.home_branch": ("Cabang asal", "Home branch"),
    "field.join_date": ("Tanggal masuk", "Joined"),
    "field.member_no": ("No. anggota", "Member no."),
    "field.mother_maiden_name": ("Nama gadis ibu kandung", "Mother's maiden name"),
    "field.occupation": ("Pekerjaan", "Occupation"),
    "field.phone": ("Telepon", "Phone"),
    "field.sex": ("Jenis kelamin", "Sex"),
    "field.status": ("Status", "Status"),
    "product.pokok": ("Simpanan pokok", "Simpanan pokok (joining)"),
    "product.wajib": ("Simpanan wajib", "Simpanan wajib (monthly)"),
    "product.sukarela": ("Simpanan sukarela", "Simpanan sukarela (voluntary)"),
}


def label(prefix: str, key: str, lang: str) -> str:
    """``prefix.key`` translated, or ``key`` itself when the catalogue has no entry."""
    found = MESSAGES.get(f"{prefix}.{key}")
    if found is None:
        return key
    return found[1] if lang == "en" else found[0]


def text(key: str, lang: str) -> str:
    """The string for ``key`` in ``lang`` (Indonesian unless ``lang`` is ``"en"``)."""
    indonesian, english = MESSAGES[key]
    return english if lang == "en" else indonesian
