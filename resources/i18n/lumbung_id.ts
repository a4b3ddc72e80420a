<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Choose the next application to decide.</source>
        <translation>Pilih pengajuan berikutnya yang akan diputuskan.</translation>
    </message>
    <message>
        <source>Loan approval</source>
        <translation>Persetujuan pinjaman</translation>
    </message>
    <message>
        <source>Applications waiting for a supervisor&apos;s decision.</source>
        <translation>Pengajuan yang menunggu keputusan supervisor.</translation>
    </message>
    <message>
        <source>Loan no.</source>
        <translation>No. pinjaman</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Tanggal ajuan</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Jangka waktu</translation>
    </message>
    <message>
        <source>Interest / month</source>
        <translation>Jasa / bulan</translation>
    </message>
    <message>
        <source>Instalment</source>
        <translation>Angsuran</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <source>e.g. business visited, collateral received</source>
        <translation>mis. usaha sudah disurvei, agunan diterima</translation>
    </message>
    <message>
        <source>Note / reason</source>
        <translation>Catatan / alasan</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <source>No application is waiting.</source>
        <translation>Tidak ada pengajuan yang menunggu.</translation>
    </message>
    <message>
        <source>{no}: {name}, {amount} over {tenor} {period}, taken by {who}.</source>
        <translation>{no}: {name}, {amount} selama {tenor} {period}, dicatat oleh {who}.</translation>
    </message>
    <message>
        <source>Write the reason for rejecting in the note.</source>
        <translation>Tulis alasan penolakan di kolom catatan.</translation>
    </message>
    <message>
        <source>Enter the supervisor&apos;s username and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi supervisor.</translation>
    </message>
    <message>
        <source>{} approved: it can be paid out now.</source>
        <translation>{} disetujui: pinjaman dapat dicairkan sekarang.</translation>
    </message>
    <message>
        <source>{} rejected.</source>
        <translation>{} ditolak.</translation>
    </message>
</context>
<context>
    <name>ArrearsDialog</name>
    <message>
        <source>Arrears by collectibility</source>
        <translation>Daftar tunggakan per kolektibilitas</translation>
    </message>
    <message>
        <source>Portfolio by collectibility</source>
        <translation>Portofolio per kolektibilitas</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Kolektibilitas</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Portfolio quality</source>
        <translation>Kualitas portofolio</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>Per tanggal</translation>
    </message>
    <message>
        <source>Portfolio at risk &gt; 30 days (PAR30)</source>
        <translation>Portofolio berisiko &gt; 30 hari (PAR30)</translation>
    </message>
    <message>
        <source>Non-performing loans (NPL)</source>
        <translation>Pinjaman bermasalah (NPL)</translation>
    </message>
    <message>
        <source>NPL: kurang lancar + diragukan + macet, over all principal outstanding.</source>
        <translation>NPL: kurang lancar + diragukan + macet, dibagi seluruh sisa pokok pinjaman.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>All running loans</source>
        <translation>Semua pinjaman berjalan</translation>
    </message>
    <message>
        <source>Only loans in arrears</source>
        <translation>Hanya yang menunggak</translation>
    </message>
    <message>
        <source>Loan no.</source>
        <translation>No. pinjaman</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Principal left</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Denda</translation>
    </message>
    <message>
        <source>Oldest unpaid</source>
        <translation>Tunggakan sejak</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Hari</translation>
    </message>
    <message>
        <source>Collectibility</source>
        <translation>Kolektibilitas</translation>
    </message>
    <message>
        <source>Open loan</source>
        <translation>Buka pinjaman</translation>
    </message>
</context>
<context>
    <name>BootstrapDialog</name>
    <message>
        <source>Load branch data from head office</source>
        <translation>Muat data cabang dari kantor pusat</translation>
    </message>
    <message>
        <source>This loads every member, balance and staff account of the branch from head office&apos;s snapshot, then the transactions after it. Use it for a new PC of an existing branch. It is refused while this device has transactions not yet sent.</source>
        <translation>Semua anggota, saldo, dan akun staf cabang dimuat dari cuplikan data kantor pusat, lalu transaksi sesudahnya. Gunakan untuk PC baru di cabang yang sudah berjalan. Ditolak selama perangkat ini masih punya transaksi yang belum terkirim.</translation>
    </message>
    <message>
        <source>Start loading</source>
        <translation>Mulai memuat</translation>
    </message>
    <message>
        <source>Refused: {} transactions of this device have not reached head office yet. Sync first (Sync now), then load again.</source>
        <translation>Ditolak: {} transaksi perangkat ini belum sampai di kantor pusat. Sinkronkan dulu (Sinkronkan sekarang), lalu muat lagi.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>The branch data is loaded.</source>
        <translation>Data cabang sudah dimuat.</translation>
    </message>
    <message>
        <source>Loading failed: {}</source>
        <translation>Pemuatan gagal: {}</translation>
    </message>
</context>
<context>
    <name>CloseDrawerDialog</name>
    <message>
        <source>Close the cash drawer</source>
        <translation>Tutup kas (laci)</translation>
    </message>
    <message>
        <source>Count by denomination</source>
        <translation>Hitung per pecahan</translation>
    </message>
    <message>
        <source>Denomination</source>
        <translation>Pecahan</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Lembar/keping</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Expected in drawer</source>
        <translation>Seharusnya di laci</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Hasil hitung</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Selisih</translation>
    </message>
    <message>
        <source>Supervisor authorisation for the difference</source>
        <translation>Otorisasi supervisor untuk selisih</translation>
    </message>
    <message>
        <source>Close drawer</source>
        <translation>Tutup kas</translation>
    </message>
    <message>
        <source>{} (matches)</source>
        <translation>{} (cocok)</translation>
    </message>
    <message>
        <source>{} over</source>
        <translation>lebih {}</translation>
    </message>
    <message>
        <source>{} short</source>
        <translation>kurang {}</translation>
    </message>
    <message>
        <source>The count differs from what is expected: a supervisor must authorise.</source>
        <translation>Hasil hitung berbeda dari yang seharusnya: harus diotorisasi supervisor.</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Branch: {}</source>
        <translation>Cabang: {}</translation>
    </message>
    <message>
        <source>Business date: {}</source>
        <translation>Tanggal usaha: {}</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Belum masuk</translation>
    </message>
    <message>
        <source>User: {}</source>
        <translation>Pengguna: {}</translation>
    </message>
    <message>
        <source>Drawer: closed</source>
        <translation>Kas: belum dibuka</translation>
    </message>
    <message>
        <source>Drawer: open, expected {}</source>
        <translation>Kas: terbuka, saldo {}</translation>
    </message>
</context>
<context>
    <name>DayClose</name>
    <message>
        <source>Agrees with head office</source>
        <translation>Cocok dengan kantor pusat</translation>
    </message>
    <message>
        <source>Differs from head office</source>
        <translation>Tidak cocok dengan kantor pusat</translation>
    </message>
    <message>
        <source>Not yet compared with head office</source>
        <translation>Belum dicocokkan dengan kantor pusat</translation>
    </message>
    <message>
        <source>Missing at head office</source>
        <translation>Tidak ada di kantor pusat</translation>
    </message>
    <message>
        <source>Unknown at this branch</source>
        <translation>Tidak dikenal di cabang</translation>
    </message>
    <message>
        <source>Content differs</source>
        <translation>Isi berbeda</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>Stand-alone PC: not connected to head office.</source>
        <translation>PC mandiri: tidak terhubung ke kantor pusat.</translation>
    </message>
    <message>
        <source>over {}</source>
        <translation>lebih {}</translation>
    </message>
    <message>
        <source>short {}</source>
        <translation>kurang {}</translation>
    </message>
    <message>
        <source>Close the business day</source>
        <translation>Tutup hari usaha</translation>
    </message>
    <message>
        <source>Teller sessions of the day</source>
        <translation>Sesi kas teller hari ini</translation>
    </message>
    <message>
        <source>Teller</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>PC</source>
        <translation>PC</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Dibuka</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Modal awal</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>Kas masuk</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Kas keluar</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Seharusnya</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Dihitung</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Selisih</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>This branch beside head office, per PC and kind</source>
        <translation>Cabang ini dibanding kantor pusat, per PC dan jenis</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Branch: count</source>
        <translation>Cabang: jumlah</translation>
    </message>
    <message>
        <source>Branch: total</source>
        <translation>Cabang: nilai</translation>
    </message>
    <message>
        <source>Head office: count</source>
        <translation>Pusat: jumlah</translation>
    </message>
    <message>
        <source>Head office: total</source>
        <translation>Pusat: nilai</translation>
    </message>
    <message>
        <source>Agrees</source>
        <translation>Cocok</translation>
    </message>
    <message>
        <source>Differences, event by event</source>
        <translation>Selisih, per peristiwa</translation>
    </message>
    <message>
        <source>Seq.</source>
        <translation>No. urut</translation>
    </message>
    <message>
        <source>At branch</source>
        <translation>Di cabang</translation>
    </message>
    <message>
        <source>At head office</source>
        <translation>Di kantor pusat</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <source>Reason (needed to close offline or over a difference)</source>
        <translation>Alasan (wajib untuk tutup offline atau bila ada selisih)</translation>
    </message>
    <message>
        <source>Compare with head office</source>
        <translation>Cocokkan dengan kantor pusat</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tutup hari</translation>
    </message>
    <message>
        <source>End-of-day report</source>
        <translation>Laporan akhir hari</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Business day {}</source>
        <translation>Hari usaha {}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>terbuka</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>ditutup</translation>
    </message>
    <message>
        <source>{} transactions wait to be sent to head office.</source>
        <translation>{} transaksi menunggu dikirim ke kantor pusat.</translation>
    </message>
    <message>
        <source>Nothing waits to be sent to head office.</source>
        <translation>Tidak ada transaksi yang menunggu dikirim ke kantor pusat.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>TIDAK</translation>
    </message>
    <message>
        <source>Branch digest {local} · head office digest {server} · journal {d} / {c}</source>
        <translation>Digest cabang {local} · digest pusat {server} · jurnal {d} / {c}</translation>
    </message>
    <message>
        <source>duplicate of {}</source>
        <translation>duplikat dari {}</translation>
    </message>
    <message>
        <source>Closed by {who} at {when}.</source>
        <translation>Ditutup oleh {who} pada {when}.</translation>
    </message>
    <message>
        <source>Comparing with head office…</source>
        <translation>Mencocokkan dengan kantor pusat…</translation>
    </message>
    <message>
        <source>({} differences)</source>
        <translation>({} selisih)</translation>
    </message>
    <message>
        <source>Head office cannot be reached: {}</source>
        <translation>Kantor pusat tidak dapat dihubungi: {}</translation>
    </message>
    <message>
        <source>You may close offline with a written reason.</source>
        <translation>Hari dapat ditutup offline dengan alasan tertulis.</translation>
    </message>
    <message>
        <source>Report saved: {}</source>
        <translation>Laporan disimpan: {}</translation>
    </message>
    <message>
        <source>The branch&apos;s PCs, as head office last heard from them</source>
        <translation>PC cabang ini, menurut laporan terakhir ke kantor pusat</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Kontak terakhir</translation>
    </message>
    <message>
        <source>Held by head office</source>
        <translation>Diterima kantor pusat</translation>
    </message>
    <message>
        <source>Last recorded</source>
        <translation>Tercatat terakhir</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Drawers open</source>
        <translation>Laci terbuka</translation>
    </message>
    <message>
        <source>this PC</source>
        <translation>PC ini</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>tidak ada yang menunggu</translation>
    </message>
    <message>
        <source>Another PC of the branch is not all at head office yet: the day closes as matching head office only once it has sent everything, or with a written reason.</source>
        <translation>Data PC lain di cabang ini belum semuanya sampai di kantor pusat: hari baru dapat ditutup sebagai cocok dengan kantor pusat setelah PC itu mengirim semuanya, atau dengan alasan tertulis.</translation>
    </message>
    <message>
        <source>Every PC of the branch has sent everything (asked at {}).</source>
        <translation>Semua PC cabang ini sudah mengirim semuanya (diperiksa pukul {}).</translation>
    </message>
    <message>
        <source>— but not every PC of the branch has sent everything.</source>
        <translation>— tetapi belum semua PC cabang ini mengirim semuanya.</translation>
    </message>
    <message>
        <source>Business day closed</source>
        <translation>Hari usaha ditutup</translation>
    </message>
    <message>
        <source>Business day {day} is closed. The next business day is {next}.</source>
        <translation>Hari usaha {day} sudah ditutup. Hari usaha berikutnya {next}.</translation>
    </message>
    <message>
        <source>Day-close and cash-count slip to sign: {}</source>
        <translation>Berita acara tutup hari dan hitung kas untuk ditandatangani: {}</translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation>Cetak berita acara…</translation>
    </message>
</context>
<context>
    <name>DisbursementDialog</name>
    <message>
        <source>{terms}, interest {rate} per month</source>
        <translation>{terms}, jasa {rate} per bulan</translation>
    </message>
    <message>
        <source>Loan disbursement</source>
        <translation>Pencairan pinjaman</translation>
    </message>
    <message>
        <source>Approved loan</source>
        <translation>Pinjaman disetujui</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Loan amount</source>
        <translation>Jumlah pinjaman</translation>
    </message>
    <message>
        <source>Term and instalment</source>
        <translation>Jangka waktu dan angsuran</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Biaya</translation>
    </message>
    <message>
        <source>First instalment due</source>
        <translation>Angsuran pertama jatuh tempo</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Disetujui oleh</translation>
    </message>
    <message>
        <source>Cash from my drawer</source>
        <translation>Tunai dari laci kas saya</translation>
    </message>
    <message>
        <source>Into voluntary savings (sukarela)</source>
        <translation>Ke simpanan sukarela</translation>
    </message>
    <message>
        <source>Pay out</source>
        <translation>Cairkan</translation>
    </message>
    <message>
        <source>Member receives</source>
        <translation>Diterima anggota</translation>
    </message>
    <message>
        <source>No approved loan is waiting to be paid out.</source>
        <translation>Tidak ada pinjaman disetujui yang menunggu pencairan.</translation>
    </message>
    <message>
        <source>deducted</source>
        <translation>dipotong dari pencairan</translation>
    </message>
    <message>
        <source>paid separately</source>
        <translation>dibayar terpisah</translation>
    </message>
    <message>
        <source>admin {admin} + provision {prov} ({how})</source>
        <translation>administrasi {admin} + provisi {prov} ({how})</translation>
    </message>
    <message>
        <source>Pay out {net} ({channel}) to {name} for loan {no}?</source>
        <translation>Cairkan {net} ({channel}) kepada {name} untuk pinjaman {no}?</translation>
    </message>
    <message>
        <source>Loan {principal} less fees {fees}: {net} net.</source>
        <translation>Pinjaman {principal} dikurangi biaya {fees}: bersih {net}.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol with head office&apos;s server</source>
        <translation>Daftarkan ke server kantor pusat</translation>
    </message>
    <message>
        <source>This computer works stand-alone. Enrolled, it keeps its branch, members and history; everything posted here is sent to head office with the first sync, and from then on it syncs in the background.</source>
        <translation>Komputer ini bekerja mandiri. Setelah terdaftar, cabang, anggota, dan riwayatnya tetap; semua yang dicatat di sini dikirim ke kantor pusat pada sinkronisasi pertama, dan sesudahnya sinkronisasi berjalan di latar belakang.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>EnrolForm</name>
    <message>
        <source>from head office, e.g. K7QH-2M9X</source>
        <translation>dari kantor pusat, mis. K7QH-2M9X</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Kode sekali pakai</translation>
    </message>
    <message>
        <source>Computer name</source>
        <translation>Nama komputer</translation>
    </message>
    <message>
        <source>Device number</source>
        <translation>Nomor perangkat</translation>
    </message>
    <message>
        <source>Enrol this computer</source>
        <translation>Daftarkan komputer ini</translation>
    </message>
    <message>
        <source>Enter the server address, starting with https:// (or http://).</source>
        <translation>Isi alamat server, diawali https:// (atau http://).</translation>
    </message>
    <message>
        <source>Enter the one-time code from head office.</source>
        <translation>Isi kode sekali pakai dari kantor pusat.</translation>
    </message>
    <message>
        <source>Give this computer a name.</source>
        <translation>Beri nama komputer ini.</translation>
    </message>
    <message>
        <source>This build of Lumbung cannot sync.</source>
        <translation>Versi Lumbung ini tidak dapat melakukan sinkronisasi.</translation>
    </message>
    <message>
        <source>Contacting head office…</source>
        <translation>Menghubungi kantor pusat…</translation>
    </message>
    <message>
        <source>Enrolled. Loading the branch&apos;s data…</source>
        <translation>Terdaftar. Memuat data cabang…</translation>
    </message>
    <message>
        <source>Receiving the latest transactions…</source>
        <translation>Menerima transaksi terbaru…</translation>
    </message>
    <message>
        <source>Enrolled. Sending this computer&apos;s history…</source>
        <translation>Terdaftar. Mengirim riwayat komputer ini…</translation>
    </message>
    <message>
        <source>Enrolment failed: {}</source>
        <translation>Pendaftaran gagal: {}</translation>
    </message>
    <message>
        <source>Assigned by head office</source>
        <translation>Diberikan kantor pusat</translation>
    </message>
    <message>
        <source>Enrolled as PC {:02d}: {} — {} ({}).</source>
        <translation>Terdaftar sebagai PC {:02d}: {} — {} ({}).</translation>
    </message>
</context>
<context>
    <name>EodMenu</name>
    <message>
        <source>&amp;Day</source>
        <translation>&amp;Hari</translation>
    </message>
    <message>
        <source>Close the business day…</source>
        <translation>Tutup hari usaha…</translation>
    </message>
    <message>
        <source>Reports…</source>
        <translation>Laporan…</translation>
    </message>
    <message>
        <source>Close the business day</source>
        <translation>Tutup hari usaha</translation>
    </message>
    <message>
        <source>Closing the business day needs a supervisor.</source>
        <translation>Menutup hari usaha memerlukan supervisor.</translation>
    </message>
    <message>
        <source>Closing the business day needs a supervisor. Lock the counter (Ctrl+L) and let the supervisor log in.</source>
        <translation>Menutup hari usaha memerlukan supervisor. Kunci loket (Ctrl+L) dan biarkan supervisor masuk.</translation>
    </message>
</context>
<context>
    <name>ErrorReportDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Kesalahan tak terduga</translation>
    </message>
    <message>
        <source>Something went wrong inside Lumbung. The last action was not saved; data saved before it is safe. Please tell your IT support and give them the details below.</source>
        <translation>Terjadi kesalahan di dalam Lumbung. Tindakan terakhir tidak disimpan; data yang tersimpan sebelumnya aman. Mohon hubungi petugas TI dan berikan rincian di bawah ini.</translation>
    </message>
    <message>
        <source>Report saved to: {}</source>
        <translation>Laporan disimpan di: {}</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Salin rincian</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Opening balance</source>
        <translation>Saldo awal</translation>
    </message>
    <message>
        <source>Principal savings (pokok)</source>
        <translation>Simpanan Pokok</translation>
    </message>
    <message>
        <source>Mandatory savings (wajib)</source>
        <translation>Simpanan Wajib</translation>
    </message>
    <message>
        <source>Voluntary savings (sukarela)</source>
        <translation>Simpanan Sukarela</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>Pinjaman</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Pokok</translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation>Wajib</translation>
    </message>
    <message>
        <source>Voluntary</source>
        <translation>Sukarela</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Pendaftaran</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>Setoran</translation>
    </message>
    <message>
        <source>Withdrawal</source>
        <translation>Penarikan</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>Koreksi</translation>
    </message>
    <message>
        <source>Loan disbursement</source>
        <translation>Pencairan pinjaman</translation>
    </message>
    <message>
        <source>Loan instalment</source>
        <translation>Angsuran pinjaman</translation>
    </message>
    <message>
        <source>Loan settlement</source>
        <translation>Pelunasan pinjaman</translation>
    </message>
    <message>
        <source>Loan overpayment refund</source>
        <translation>Pengembalian kelebihan bayar pinjaman</translation>
    </message>
    <message>
        <source>Teller</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <source>Resigned</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>Meninggal dunia</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Laki-laki</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Perempuan</translation>
    </message>
</context>
<context>
    <name>LoanApplicationDialog</name>
    <message>
        <source>{first} down to {last} / {period}</source>
        <translation>{first} menurun ke {last} / {period}</translation>
    </message>
    <message>
        <source>Loan application — {}</source>
        <translation>Pengajuan pinjaman — {}</translation>
    </message>
    <message>
        <source>Loan simulation</source>
        <translation>Simulasi pinjaman</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Loan amount</source>
        <translation>Jumlah pinjaman</translation>
    </message>
    <message>
        <source>Term (instalments)</source>
        <translation>Jangka waktu (angsuran)</translation>
    </message>
    <message>
        <source>Interest per month (%)</source>
        <translation>Jasa per bulan (%)</translation>
    </message>
    <message>
        <source>e.g. stock for the shop</source>
        <translation>mis. modal stok warung</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>Instalment</source>
        <translation>Angsuran</translation>
    </message>
    <message>
        <source>Total interest</source>
        <translation>Total jasa</translation>
    </message>
    <message>
        <source>Total to repay</source>
        <translation>Total pembayaran</translation>
    </message>
    <message>
        <source>Administration fee</source>
        <translation>Biaya administrasi</translation>
    </message>
    <message>
        <source>Provision fee</source>
        <translation>Biaya provisi</translation>
    </message>
    <message>
        <source>Member receives</source>
        <translation>Diterima anggota</translation>
    </message>
    <message>
        <source>Interest per year (quoted)</source>
        <translation>Jasa per tahun (tertera)</translation>
    </message>
    <message>
        <source>Effective interest per year</source>
        <translation>Bunga efektif per tahun</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Ke</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Jatuh tempo</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Pokok</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Jasa</translation>
    </message>
    <message>
        <source>Principal left</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>Print schedule…</source>
        <translation>Cetak jadwal…</translation>
    </message>
    <message>
        <source>Apply for the loan</source>
        <translation>Ajukan pinjaman</translation>
    </message>
    <message>
        <source>No loan products yet: head office defines them.</source>
        <translation>Belum ada produk pinjaman: produk ditetapkan kantor pusat.</translation>
    </message>
    <message>
        <source>fees deducted</source>
        <translation>biaya dipotong</translation>
    </message>
    <message>
        <source>fees paid separately</source>
        <translation>biaya dibayar terpisah</translation>
    </message>
    <message>
        <source>{method} · {low}–{high} per month · {amin}–{amax} · {tmin}–{tmax} instalments · admin {admin}, provision {prov} ({fees})</source>
        <translation>{method} · jasa {low}–{high} per bulan · {amin}–{amax} · {tmin}–{tmax} kali angsuran · administrasi {admin}, provisi {prov} ({fees})</translation>
    </message>
    <message>
        <source>Type the interest per month, e.g. 1,5.</source>
        <translation>Ketik jasa per bulan, mis. 1,5.</translation>
    </message>
    <message>
        <source>Record an application for {amount} over {tenor} {period} for {name}?</source>
        <translation>Catat pengajuan pinjaman {amount} selama {tenor} {period} untuk {name}?</translation>
    </message>
</context>
<context>
    <name>LoanDetailDialog</name>
    <message>
        <source>Reversal of receipt {}</source>
        <translation>Koreksi struk {}</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>Pinjaman</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Loan amount</source>
        <translation>Jumlah pinjaman</translation>
    </message>
    <message>
        <source>Term and instalment</source>
        <translation>Jangka waktu dan angsuran</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Jasa</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Biaya</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Dicairkan</translation>
    </message>
    <message>
        <source>First / last due</source>
        <translation>Jatuh tempo pertama / terakhir</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Disetujui oleh</translation>
    </message>
    <message>
        <source>Paid so far</source>
        <translation>Sudah dibayar</translation>
    </message>
    <message>
        <source>Principal left</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>Hari tunggakan</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Kewajiban hari ini</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Ke</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Jatuh tempo</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>Pokok</translation>
    </message>
    <message>
        <source>Instalment</source>
        <translation>Angsuran</translation>
    </message>
    <message>
        <source>Still owed</source>
        <translation>Belum dibayar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>Lunas tanggal</translation>
    </message>
    <message>
        <source>Days late</source>
        <translation>Hari terlambat</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Jam</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>Denda</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>Penalti</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>Melalui</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>No. struk</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Repayment schedule</source>
        <translation>Jadwal angsuran</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Print schedule…</source>
        <translation>Cetak jadwal…</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Cetak ulang struk</translation>
    </message>
    <message>
        <source>Reverse…</source>
        <translation>Batalkan…</translation>
    </message>
    <message>
        <source>{rate} per month, {method}</source>
        <translation>{rate} per bulan, {method}</translation>
    </message>
    <message>
        <source>(paid separately)</source>
        <translation>(dibayar terpisah)</translation>
    </message>
    <message>
        <source>principal {p}, interest {j}, late fee {d}, penalty {x}</source>
        <translation>pokok {p}, jasa {j}, denda {d}, penalti {x}</translation>
    </message>
    <message>
        <source>{} (reversed)</source>
        <translation>{} (dikoreksi)</translation>
    </message>
</context>
<context>
    <name>LoanLabels</name>
    <message>
        <source>{first}, declining</source>
        <translation>{first}, menurun</translation>
    </message>
    <message>
        <source>{tenor} instalments, first {first}, last {last}</source>
        <translation>{tenor} angsuran, pertama {first}, terakhir {last}</translation>
    </message>
    <message>
        <source>{tenor} × {first} (last {last})</source>
        <translation>{tenor} × {first} (terakhir {last})</translation>
    </message>
    <message>
        <source>{tenor} × from {first}, declining</source>
        <translation>{tenor} × mulai {first}, menurun</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Menunggu persetujuan</translation>
    </message>
    <message>
        <source>Approved, not paid out</source>
        <translation>Disetujui, belum dicairkan</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Berjalan</translation>
    </message>
    <message>
        <source>Paid off</source>
        <translation>Lunas</translation>
    </message>
    <message>
        <source>Settled early</source>
        <translation>Lunas dipercepat</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Ditolak</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>Declining (efektif)</source>
        <translation>Efektif (menurun)</translation>
    </message>
    <message>
        <source>Annuity</source>
        <translation>Anuitas</translation>
    </message>
    <message>
        <source>month</source>
        <translation>bulan</translation>
    </message>
    <message>
        <source>week</source>
        <translation>minggu</translation>
    </message>
    <message>
        <source>Current (lancar)</source>
        <translation>Lancar</translation>
    </message>
    <message>
        <source>Substandard (kurang lancar)</source>
        <translation>Kurang lancar</translation>
    </message>
    <message>
        <source>Doubtful (diragukan)</source>
        <translation>Diragukan</translation>
    </message>
    <message>
        <source>Loss (macet)</source>
        <translation>Macet</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Lunas</translation>
    </message>
    <message>
        <source>Part paid</source>
        <translation>Dibayar sebagian</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Jatuh tempo hari ini</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>Belum jatuh tempo</translation>
    </message>
    <message>
        <source>Closed by settlement</source>
        <translation>Ditutup dengan pelunasan</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Pengajuan</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>Disbursement</source>
        <translation>Pencairan</translation>
    </message>
    <message>
        <source>Instalment payment</source>
        <translation>Pembayaran angsuran</translation>
    </message>
    <message>
        <source>Early settlement</source>
        <translation>Pelunasan dipercepat</translation>
    </message>
    <message>
        <source>Overpayment refunded</source>
        <translation>Kelebihan bayar dikembalikan</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>Koreksi</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tunai</translation>
    </message>
    <message>
        <source>Voluntary savings</source>
        <translation>Simpanan sukarela</translation>
    </message>
</context>
<context>
    <name>LoanMenu</name>
    <message>
        <source>&amp;Loans</source>
        <translation>&amp;Pinjaman</translation>
    </message>
    <message>
        <source>Simulation and application…</source>
        <translation>Simulasi dan pengajuan…</translation>
    </message>
    <message>
        <source>Approval…</source>
        <translation>Persetujuan…</translation>
    </message>
    <message>
        <source>Disbursement…</source>
        <translation>Pencairan…</translation>
    </message>
    <message>
        <source>Repayment / early settlement…</source>
        <translation>Angsuran / pelunasan…</translation>
    </message>
    <message>
        <source>Member&apos;s loan…</source>
        <translation>Pinjaman anggota…</translation>
    </message>
    <message>
        <source>Arrears list…</source>
        <translation>Daftar tunggakan…</translation>
    </message>
    <message>
        <source>Loan application</source>
        <translation>Pengajuan pinjaman</translation>
    </message>
    <message>
        <source>Application {} recorded. It waits for a supervisor&apos;s approval.</source>
        <translation>Pengajuan {} tercatat dan menunggu persetujuan supervisor.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>The screen was locked after a period of inactivity. Log in again.</source>
        <translation>Layar terkunci karena tidak ada aktivitas. Silakan masuk kembali.</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <source>The counter is locked. Log in again to carry on.</source>
        <translation>Loket dikunci. Masuk kembali untuk melanjutkan.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>over {}</source>
        <translation>lebih {}</translation>
    </message>
    <message>
        <source>short {}</source>
        <translation>kurang {}</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>Anggota baru</translation>
    </message>
    <message>
        <source>Edit profile</source>
        <translation>Ubah data</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Tarik</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Cetak ulang struk</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Koreksi</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>Buka kas</translation>
    </message>
    <message>
        <source>Close drawer</source>
        <translation>Tutup kas</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Drawer closed</source>
        <translation>Kas ditutup</translation>
    </message>
    <message>
        <source>Drawer closed. Expected {expected}, counted {counted}, difference {diff}.</source>
        <translation>Kas ditutup. Seharusnya {expected}, terhitung {counted}, selisih {diff}.</translation>
    </message>
    <message>
        <source>Drawer</source>
        <translation>Kas</translation>
    </message>
    <message>
        <source>Cash-count slip to sign (teller and supervisor): {}</source>
        <translation>Berita acara hitung kas untuk ditandatangani (teller dan supervisor): {}</translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation>Cetak berita acara…</translation>
    </message>
    <message>
        <source>Close Lumbung?</source>
        <translation>Tutup Lumbung?</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Tetap tutup</translation>
    </message>
    <message>
        <source>Everything posted is saved on this PC. Close the app anyway?</source>
        <translation>Semua yang sudah dicatat tersimpan di PC ini. Tetap tutup aplikasi?</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Lanjutkan bekerja</translation>
    </message>
    <message>
        <source>Your cash drawer is still open (expected {}). Close it (F10) before leaving so the day can close.</source>
        <translation>Laci kas Anda masih terbuka (seharusnya {}). Tutup laci (F10) sebelum pergi agar hari dapat ditutup.</translation>
    </message>
    <message>
        <source>{} transactions have not reached head office yet; they are sent the next time Lumbung runs with a connection.</source>
        <translation>{} transaksi belum sampai di kantor pusat; transaksi itu dikirim saat Lumbung berjalan lagi dengan koneksi.</translation>
    </message>
</context>
<context>
    <name>MemberDetailPanel</name>
    <message>
        <source>Reversal of receipt {}</source>
        <translation>Koreksi struk {}</translation>
    </message>
    <message>
        <source>Find a member by name, NIK or member number (F2), or scan the member card.</source>
        <translation>Cari anggota dengan nama, NIK atau nomor anggota (F2), atau pindai kartu anggota.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Data diri</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Place, date of birth</source>
        <translation>Tempat, tanggal lahir</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Jenis kelamin</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>Anggota sejak</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Savings balances</source>
        <translation>Saldo simpanan</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Transaction history</source>
        <translation>Riwayat transaksi (mutasi)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Jam</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo akhir</translation>
    </message>
    <message>
        <source>Teller</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>No. Struk</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>Pinjaman</translation>
    </message>
    <message>
        <source>{} (reversed)</source>
        <translation>{} (dikoreksi)</translation>
    </message>
    <message>
        <source>Authorised by {}</source>
        <translation>Diotorisasi oleh {}</translation>
    </message>
    <message>
        <source>Member status: {}. No deposits are taken.</source>
        <translation>Status anggota: {}. Setoran tidak dapat diterima.</translation>
    </message>
    <message>
        <source>Account on hold: {kind} (case {case}{opened}). {detail} No withdrawal until a supervisor decides the case (Ctrl+R).</source>
        <translation>Rekening ditahan: {kind} (kasus {case}{opened}). {detail} Tidak ada penarikan sampai supervisor memutuskan kasus ini (Ctrl+R).</translation>
    </message>
</context>
<context>
    <name>MemberLoansPanel</name>
    <message>
        <source>Loan no.</source>
        <translation>No. pinjaman</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Principal left</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>Instalment</source>
        <translation>Angsuran</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
</context>
<context>
    <name>MemberSearch</name>
    <message>
        <source>Name, NIK or member number (F2)</source>
        <translation>Nama, NIK atau nomor anggota (F2)</translation>
    </message>
    <message>
        <source>Member no.</source>
        <translation>No. Anggota</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Showing the first {} members: type more to narrow the search.</source>
        <translation>Menampilkan {} anggota pertama; ketik lebih lengkap untuk mempersempit pencarian.</translation>
    </message>
    <message>
        <source>{} member(s) found</source>
        <translation>{} anggota ditemukan</translation>
    </message>
    <message>
        <source>No member matches “{}”.</source>
        <translation>Tidak ada anggota yang cocok dengan “{}”.</translation>
    </message>
    <message>
        <source>No member has number {}.</source>
        <translation>Tidak ada anggota dengan nomor {}.</translation>
    </message>
</context>
<context>
    <name>OpenDrawerDialog</name>
    <message>
        <source>Open the cash drawer</source>
        <translation>Buka kas (laci)</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Modal awal kas</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>Buka kas</translation>
    </message>
    <message>
        <source>Enter the opening float.</source>
        <translation>Masukkan modal awal kas.</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Edit member profile</source>
        <translation>Ubah data anggota</translation>
    </message>
    <message>
        <source>Full name (as on the KTP)</source>
        <translation>Nama lengkap (sesuai KTP)</translation>
    </message>
    <message>
        <source>Place of birth</source>
        <translation>Tempat lahir</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Nomor HP</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <source>Mother&apos;s maiden name</source>
        <translation>Nama ibu kandung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Loading the branch snapshot (page %v of %m)</source>
        <translation>Memuat cuplikan data cabang (halaman %v dari %m)</translation>
    </message>
    <message>
        <source>Receiving later transactions (%v of %m)</source>
        <translation>Menerima transaksi sesudahnya (%v dari %m)</translation>
    </message>
    <message>
        <source>Sending this device&apos;s transactions (%v of %m)</source>
        <translation>Mengirim transaksi perangkat ini (%v dari %m)</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receipt {}</source>
        <translation>Struk {}</translation>
    </message>
    <message>
        <source>Transaction saved.</source>
        <translation>Transaksi tersimpan.</translation>
    </message>
    <message>
        <source>PDF saved: {}</source>
        <translation>PDF disimpan: {}</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
    <message>
        <source>A copy of the receipt (SALINAN); nothing new was posted.</source>
        <translation>Salinan struk (SALINAN); tidak ada transaksi baru yang dicatat.</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register a new member</source>
        <translation>Pendaftaran anggota baru</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Full name (as on the KTP)</source>
        <translation>Nama lengkap (sesuai KTP)</translation>
    </message>
    <message>
        <source>Place of birth</source>
        <translation>Tempat lahir</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Nomor HP</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <source>Mother&apos;s maiden name</source>
        <translation>Nama ibu kandung</translation>
    </message>
    <message>
        <source>16 digits</source>
        <translation>16 digit</translation>
    </message>
    <message>
        <source>Date of birth (from NIK)</source>
        <translation>Tanggal lahir (dari NIK)</translation>
    </message>
    <message>
        <source>Sex (from NIK)</source>
        <translation>Jenis kelamin (dari NIK)</translation>
    </message>
    <message>
        <source>Principal savings (simpanan pokok) paid in cash now: {}</source>
        <translation>Simpanan pokok dibayar tunai sekarang: {}</translation>
    </message>
    <message>
        <source>Open existing member</source>
        <translation>Buka data anggota</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <source>{} of 16 digits</source>
        <translation>{} dari 16 digit</translation>
    </message>
</context>
<context>
    <name>RepaymentDialog</name>
    <message>
        <source>Loan repayment</source>
        <translation>Pembayaran angsuran pinjaman</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>Pinjaman</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Kewajiban hari ini</translation>
    </message>
    <message>
        <source>Late fee (denda)</source>
        <translation>Denda</translation>
    </message>
    <message>
        <source>Interest due</source>
        <translation>Jasa jatuh tempo</translation>
    </message>
    <message>
        <source>Principal due</source>
        <translation>Pokok jatuh tempo</translation>
    </message>
    <message>
        <source>Total due now</source>
        <translation>Total kewajiban saat ini</translation>
    </message>
    <message>
        <source>Next instalment</source>
        <translation>Angsuran berikutnya</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>Hari tunggakan</translation>
    </message>
    <message>
        <source>Principal left</source>
        <translation>Sisa pokok</translation>
    </message>
    <message>
        <source>To settle today</source>
        <translation>Pelunasan hari ini</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>Jumlah dibayar</translation>
    </message>
    <message>
        <source>Goes to</source>
        <translation>Dialokasikan ke</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tunai</translation>
    </message>
    <message>
        <source>From voluntary savings (sukarela)</source>
        <translation>Dari simpanan sukarela</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>Dibayar dengan</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>Terima pembayaran</translation>
    </message>
    <message>
        <source>Early settlement…</source>
        <translation>Pelunasan dipercepat…</translation>
    </message>
    <message>
        <source>{no} · {product} · principal left {amount}</source>
        <translation>{no} · {product} · sisa pokok {amount}</translation>
    </message>
    <message>
        <source>This member has no running loan.</source>
        <translation>Anggota ini tidak punya pinjaman berjalan.</translation>
    </message>
    <message>
        <source>Due today, {}</source>
        <translation>Kewajiban per {}</translation>
    </message>
    <message>
        <source>no. {n}, due {date}: {amount}</source>
        <translation>ke-{n}, jatuh tempo {date}: {amount}</translation>
    </message>
    <message>
        <source>denda {denda} · interest {jasa} · principal {pokok}</source>
        <translation>denda {denda} · jasa {jasa} · pokok {pokok}</translation>
    </message>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation>Masukkan jumlah lebih dari nol.</translation>
    </message>
    <message>
        <source>Take {amount} ({channel}) from {name} for loan {no}?</source>
        <translation>Terima {amount} ({channel}) dari {name} untuk pinjaman {no}?</translation>
    </message>
    <message>
        <source>Settle loan {no} of {name} today for {total}?
Principal {pokok}, interest {jasa}, late fee {denda}, penalty {penalty}.</source>
        <translation>Lunasi pinjaman {no} atas nama {name} hari ini sebesar {total}?
Pokok {pokok}, jasa {jasa}, denda {denda}, penalti {penalty}.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Teller cash report</source>
        <translation>Laporan kas teller</translation>
    </message>
    <message>
        <source>Daily journal</source>
        <translation>Jurnal harian</translation>
    </message>
    <message>
        <source>Trial balance</source>
        <translation>Neraca saldo</translation>
    </message>
    <message>
        <source>Member account statement</source>
        <translation>Mutasi rekening anggota</translation>
    </message>
    <message>
        <source>Savings balances</source>
        <translation>Saldo simpanan</translation>
    </message>
    <message>
        <source>Loan portfolio by collectibility</source>
        <translation>Portofolio pinjaman per kolektibilitas</translation>
    </message>
    <message>
        <source>End-of-day report</source>
        <translation>Laporan akhir hari</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Reports</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Member no.</source>
        <translation>No. anggota</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari tanggal</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Simpan PDF</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
    <message>
        <source>Could not save the PDF: {}</source>
        <translation>PDF tidak dapat disimpan: {}</translation>
    </message>
    <message>
        <source>Saved: {}</source>
        <translation>Disimpan: {}</translation>
    </message>
</context>
<context>
    <name>ResolveCaseDialog</name>
    <message>
        <source>Decide a review case</source>
        <translation>Putuskan kasus tinjauan</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>e.g. member repaid Rp 250.000 in cash</source>
        <translation>mis. anggota mengembalikan Rp 250.000 tunai</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <source>receipt number, who was called, …</source>
        <translation>nomor struk, siapa yang dihubungi, …</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Save decision</source>
        <translation>Simpan keputusan</translation>
    </message>
    <message>
        <source>Write the decision on this case.</source>
        <translation>Tuliskan keputusan atas kasus ini.</translation>
    </message>
    <message>
        <source>Another decision (write it below)</source>
        <translation>Keputusan lain (tulis di bawah)</translation>
    </message>
    <message>
        <source>Checked: head office's record is right</source>
        <translation>Sudah diperiksa: catatan kantor pusat yang benar</translation>
    </message>
    <message>
        <source>Checked: the branch's record is right</source>
        <translation>Sudah diperiksa: catatan cabang yang benar</translation>
    </message>
    <message>
        <source>Choose a decision on this case.</source>
        <translation>Pilih keputusan atas kasus ini.</translation>
    </message>
    <message>
        <source>Choose a decision. The hold stays until one says the money is back.</source>
        <translation>Pilih keputusan. Penahanan tetap sampai ada keputusan bahwa uangnya sudah kembali.</translation>
    </message>
    <message>
        <source>Decision (other)</source>
        <translation>Keputusan (lain)</translation>
    </message>
    <message>
        <source>Different people: the NIK was typed wrong and is corrected</source>
        <translation>Orang berbeda: NIK salah ketik dan diperbaiki</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Penahanan</translation>
    </message>
    <message>
        <source>Keep it as the member's credit</source>
        <translation>Simpan sebagai kredit anggota</translation>
    </message>
    <message>
        <source>Keep the hold and collect the overdrawn amount from the member</source>
        <translation>Penahanan tetap; selisih ditagih dari anggota</translation>
    </message>
    <message>
        <source>One reversal stands; the other is undone by head office</source>
        <translation>Satu pembatalan berlaku; yang lain dibatalkan kantor pusat</translation>
    </message>
    <message>
        <source>Receipt {}</source>
        <translation>Struk {}</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Struk</translation>
    </message>
    <message>
        <source>Return the overpayment to the member (refund at the counter)</source>
        <translation>Kembalikan kelebihan bayar kepada anggota (di loket)</translation>
    </message>
    <message>
        <source>Return the payment to the member (refund at the counter)</source>
        <translation>Kembalikan pembayaran kepada anggota (di loket)</translation>
    </message>
    <message>
        <source>Same person: head office keeps one membership</source>
        <translation>Orang yang sama: kantor pusat mempertahankan satu keanggotaan</translation>
    </message>
    <message>
        <source>The account is on hold: no withdrawals until released.</source>
        <translation>Rekening ditahan: tidak ada penarikan sampai penahanan dilepas.</translation>
    </message>
    <message>
        <source>The account stays on hold.</source>
        <translation>Rekening tetap ditahan.</translation>
    </message>
    <message>
        <source>The events involved are at other branches (head office has them).</source>
        <translation>Transaksi terkait ada di cabang lain (tersimpan di kantor pusat).</translation>
    </message>
    <message>
        <source>The member repaid the overdrawn amount: release the hold</source>
        <translation>Anggota sudah mengembalikan selisihnya: lepaskan penahanan</translation>
    </message>
    <message>
        <source>This decision releases the hold on the account.</source>
        <translation>Keputusan ini melepaskan penahanan rekening.</translation>
    </message>
</context>
<context>
    <name>ReversalDialog</name>
    <message>
        <source>Reverse a transaction</source>
        <translation>Koreksi transaksi</translation>
    </message>
    <message>
        <source>A reversal posts the opposite transaction; the original stays in the history. A supervisor must authorise it.</source>
        <translation>Koreksi membukukan transaksi kebalikannya; transaksi asli tetap ada di riwayat. Harus diotorisasi supervisor.</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>e.g. amount typed wrongly</source>
        <translation>mis. salah ketik jumlah</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Koreksi</translation>
    </message>
    <message>
        <source>Write why this transaction is reversed.</source>
        <translation>Tuliskan alasan koreksi transaksi ini.</translation>
    </message>
    <message>
        <source>Enter the supervisor&apos;s username and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi supervisor.</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <source>Overdraft (paid out twice)</source>
        <translation>Saldo minus (dibayar dua kali)</translation>
    </message>
    <message>
        <source>NIK registered twice</source>
        <translation>NIK terdaftar dua kali</translation>
    </message>
    <message>
        <source>Reversed twice</source>
        <translation>Dibatalkan dua kali</translation>
    </message>
    <message>
        <source>Payment on a settled loan</source>
        <translation>Angsuran atas pinjaman yang sudah lunas</translation>
    </message>
    <message>
        <source>Loan overpaid</source>
        <translation>Pinjaman terbayar lebih</translation>
    </message>
    <message>
        <source>Day close differs from head office</source>
        <translation>Tutup hari berbeda dengan kantor pusat</translation>
    </message>
</context>
<context>
    <name>ReviewQueueDialog</name>
    <message>
        <source>Review queue</source>
        <translation>Antrean tinjauan</translation>
    </message>
    <message>
        <source>Cases head office found when it merged the branches&apos; transactions. An account on hold pays out nothing until its case is decided.</source>
        <translation>Kasus yang ditemukan kantor pusat saat menggabungkan transaksi cabang. Rekening yang ditahan tidak dapat ditarik sampai kasusnya diputuskan.</translation>
    </message>
    <message>
        <source>Show decided cases</source>
        <translation>Tampilkan kasus yang sudah diputuskan</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Dibuka</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Penahanan</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <source>No open cases. Nothing waits for a decision.</source>
        <translation>Tidak ada kasus terbuka. Tidak ada yang menunggu keputusan.</translation>
    </message>
    <message>
        <source>Open member</source>
        <translation>Buka anggota</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Putuskan…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Only a supervisor can decide a case.</source>
        <translation>Hanya supervisor yang dapat memutuskan kasus.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Ditahan</translation>
    </message>
    <message>
        <source>Receipts: {}</source>
        <translation>Struk: {}</translation>
    </message>
    <message>
        <source>Review queue ({} open)</source>
        <translation>Antrean tinjauan ({} terbuka)</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Repayment schedule</source>
        <translation>Jadwal angsuran</translation>
    </message>
    <message>
        <source>PDF saved: {}</source>
        <translation>PDF disimpan: {}</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>Cooperative name</source>
        <translation>Nama koperasi</translation>
    </message>
    <message>
        <source>Branch code</source>
        <translation>Kode cabang</translation>
    </message>
    <message>
        <source>Branch name</source>
        <translation>Nama cabang</translation>
    </message>
    <message>
        <source>Device number</source>
        <translation>Nomor perangkat</translation>
    </message>
    <message>
        <source>Set up this computer</source>
        <translation>Siapkan komputer ini</translation>
    </message>
    <message>
        <source>This computer has no branch data yet. How will it work?</source>
        <translation>Komputer ini belum memiliki data cabang. Bagaimana komputer ini akan bekerja?</translation>
    </message>
    <message>
        <source>Enrol with head office&apos;s server</source>
        <translation>Daftarkan ke server kantor pusat</translation>
    </message>
    <message>
        <source>Stand-alone setup (demo, no server)</source>
        <translation>Penyiapan mandiri (demo, tanpa server)</translation>
    </message>
    <message>
        <source>For a branch PC: head office gives the server address and a one-time code. Staff accounts and the branch&apos;s members come from head office.</source>
        <translation>Untuk PC cabang: kantor pusat memberikan alamat server dan kode sekali pakai. Akun staf dan anggota cabang datang dari kantor pusat.</translation>
    </message>
    <message>
        <source>The branch and its first supervisor are created on this PC; nothing is sent anywhere.</source>
        <translation>Cabang dan supervisor pertamanya dibuat di PC ini; tidak ada yang dikirim ke mana pun.</translation>
    </message>
    <message>
        <source>Supervisor username</source>
        <translation>Nama pengguna supervisor</translation>
    </message>
    <message>
        <source>Supervisor full name</source>
        <translation>Nama lengkap supervisor</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <source>Save and continue</source>
        <translation>Simpan dan lanjutkan</translation>
    </message>
    <message>
        <source>Fill in every field.</source>
        <translation>Isi semua kolom.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>Kata sandi minimal 8 karakter.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
</context>
<context>
    <name>SupervisorCredentials</name>
    <message>
        <source>Supervisor username</source>
        <translation>Nama pengguna supervisor</translation>
    </message>
    <message>
        <source>Supervisor password</source>
        <translation>Kata sandi supervisor</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Supervisor authorisation</source>
        <translation>Otorisasi supervisor</translation>
    </message>
    <message>
        <source>Authorise</source>
        <translation>Otorisasi</translation>
    </message>
    <message>
        <source>Enter the supervisor&apos;s username and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi supervisor.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sync: not configured</source>
        <translation>Sinkronisasi: belum dikonfigurasi</translation>
    </message>
    <message>
        <source>Online · synced {} · {} waiting</source>
        <translation>Daring · sinkron {} · {} menunggu</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Menyinkronkan…</translation>
    </message>
    <message>
        <source>Syncing… · {} waiting</source>
        <translation>Menyinkronkan… · {} menunggu</translation>
    </message>
    <message>
        <source>Offline · {} waiting</source>
        <translation>Luring · {} menunggu</translation>
    </message>
    <message>
        <source>Sync stopped · {} waiting</source>
        <translation>Sinkronisasi berhenti · {} menunggu</translation>
    </message>
    <message>
        <source>Sync error · {} waiting</source>
        <translation>Galat sinkronisasi · {} menunggu</translation>
    </message>
    <message>
        <source>Last successful sync: {}</source>
        <translation>Sinkron terakhir yang berhasil: {}</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>Belum pernah sinkron.</translation>
    </message>
    <message>
        <source>Next try in {} s.</source>
        <translation>Dicoba lagi dalam {} detik.</translation>
    </message>
    <message>
        <source>Click for the sync log.</source>
        <translation>Klik untuk melihat log sinkronisasi.</translation>
    </message>
    <message>
        <source>Sending %v/%m</source>
        <translation>Mengirim %v/%m</translation>
    </message>
    <message>
        <source>Receiving %v/%m</source>
        <translation>Menerima %v/%m</translation>
    </message>
    <message>
        <source>Branch data %v/%m</source>
        <translation>Data cabang %v/%m</translation>
    </message>
</context>
<context>
    <name>SyncLogDialog</name>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Galat</translation>
    </message>
    <message>
        <source>Sync log</source>
        <translation>Log sinkronisasi</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>This device works stand-alone: it is not enrolled with a server.</source>
        <translation>Perangkat ini bekerja mandiri: belum terdaftar ke server.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <source>Last successful sync: {}. Events waiting to be sent: {}.</source>
        <translation>Sinkron terakhir yang berhasil: {}. Transaksi menunggu dikirim: {}.</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sinkronisasi</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>Sync log</source>
        <translation>Log sinkronisasi</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Antrean tinjauan</translation>
    </message>
    <message>
        <source>Enrol with head office&apos;s server…</source>
        <translation>Daftarkan ke server kantor pusat…</translation>
    </message>
    <message>
        <source>Load branch data from head office…</source>
        <translation>Muat data cabang dari kantor pusat…</translation>
    </message>
    <message>
        <source>Sync stopped</source>
        <translation>Sinkronisasi berhenti</translation>
    </message>
    <message>
        <source>The counter keeps working offline; nothing posted here is lost.</source>
        <translation>Loket tetap bekerja secara luring; tidak ada transaksi di sini yang hilang.</translation>
    </message>
    <message>
        <source>Review queue: {} open</source>
        <translation>Antrean tinjauan: {} terbuka</translation>
    </message>
    <message>
        <source>&amp;Sync ({} cases)</source>
        <translation>&amp;Sinkronisasi ({} kasus)</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>{} Trying again in {} s.</source>
        <translation>{} Dicoba lagi dalam {} detik.</translation>
    </message>
    <message>
        <source>Synced: {} sent, {} received.</source>
        <translation>Sinkron: {} terkirim, {} diterima.</translation>
    </message>
</context>
<context>
    <name>TransactionDialog</name>
    <message>
        <source>Deposit</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Withdrawal</source>
        <translation>Penarikan</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Current balance</source>
        <translation>Saldo saat ini</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Tarik</translation>
    </message>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation>Masukkan jumlah lebih dari nol.</translation>
    </message>
    <message>
        <source>Deposit {amount} into {product} of {name}?</source>
        <translation>Setor {amount} ke {product} atas nama {name}?</translation>
    </message>
    <message>
        <source>Pay out {amount} from {product} of {name}?</source>
        <translation>Bayarkan {amount} dari {product} atas nama {name}?</translation>
    </message>
    <message>
        <source>A supervisor must authorise this transaction.</source>
        <translation>Transaksi ini harus diotorisasi supervisor.</translation>
    </message>
    <message>
        <source>A supervisor must authorise it next.</source>
        <translation>Setelah ini supervisor harus memberi otorisasi.</translation>
    </message>
</context>
<context>
    <name>DayCloseSummary</name>
    <message>
        <source>Close business day {}?</source>
        <translation>Tutup hari usaha {}?</translation>
    </message>
    <message>
        <source>Close every drawer first; the day cannot close while one is open.</source>
        <translation>Tutup semua laci kas dahulu; hari tidak dapat ditutup selama masih ada yang terbuka.</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tutup hari</translation>
    </message>
    <message>
        <source>Everything is in order: drawers balanced, all sent, head office agrees.</source>
        <translation>Semua sesuai: laci kas pas, semua terkirim, kantor pusat cocok.</translation>
    </message>
    <message>
        <source>No drawer was opened today.</source>
        <translation>Tidak ada laci kas yang dibuka hari ini.</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>Catatan (boleh kosong)</translation>
    </message>
    <message>
        <source>Once closed, nothing more can be posted into this day; the next business day opens.</source>
        <translation>Setelah ditutup, tidak ada transaksi yang dapat dicatat pada hari ini; hari usaha berikutnya dibuka.</translation>
    </message>
    <message>
        <source>Reason (required: something above is not in order)</source>
        <translation>Alasan (wajib: ada yang tidak sesuai di atas)</translation>
    </message>
    <message>
        <source>Stand-alone PC: the day is not compared with head office.</source>
        <translation>PC mandiri: hari ini tidak dicocokkan dengan kantor pusat.</translation>
    </message>
    <message>
        <source>The branch's books do not balance: the day cannot close.</source>
        <translation>Neraca saldo cabang tidak seimbang: hari tidak dapat ditutup.</translation>
    </message>
    <message>
        <source>The day has not been compared with head office.</source>
        <translation>Hari ini belum dicocokkan dengan kantor pusat.</translation>
    </message>
    <message>
        <source>The drawer of {teller} closed {diff}.</source>
        <translation>Laci {teller} ditutup {diff}.</translation>
    </message>
    <message>
        <source>This PC has {} transactions not yet sent to head office.</source>
        <translation>PC ini masih punya {} transaksi yang belum terkirim ke kantor pusat.</translation>
    </message>
    <message>
        <source>Write why the day closes although something is not in order.</source>
        <translation>Tulis alasan menutup hari walaupun ada yang tidak sesuai.</translation>
    </message>
    <message>
        <source>counted {counted}, expected {expected}: {diff}</source>
        <translation>dihitung {counted}, seharusnya {expected}: {diff}</translation>
    </message>
    <message>
        <source>everything sent</source>
        <translation>semua terkirim</translation>
    </message>
    <message>
        <source>no difference</source>
        <translation>tanpa selisih</translation>
    </message>
    <message>
        <source>over {}</source>
        <translation>lebih {}</translation>
    </message>
    <message>
        <source>short {}</source>
        <translation>kurang {}</translation>
    </message>
    <message>
        <source>still open</source>
        <translation>masih terbuka</translation>
    </message>
    <message>
        <source>this PC</source>
        <translation>PC ini</translation>
    </message>
    <message>
        <source>{pc}: {n} transactions not sent. {why}</source>
        <translation>{pc}: {n} transaksi belum terkirim. {why}</translation>
    </message>
    <message>
        <source>{} differences with head office, event by event.</source>
        <translation>{} selisih dengan kantor pusat, per transaksi.</translation>
    </message>
    <message>
        <source>{} not sent</source>
        <translation>{} belum terkirim</translation>
    </message>
    <message>
        <source>Drawers</source>
        <translation>Laci kas</translation>
    </message>
    <message>
        <source>PCs of the branch</source>
        <translation>PC cabang</translation>
    </message>
    <message>
        <source>Not in order</source>
        <translation>Tidak sesuai</translation>
    </message>
</context>
</TS>
