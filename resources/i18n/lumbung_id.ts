<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
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
        <source>Sync: not configured</source>
        <translation>Sinkronisasi: belum dikonfigurasi</translation>
    </message>
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
</context>
<context>
    <name>MainWindow</name>
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
</context>
<context>
    <name>MemberDetailPanel</name>
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
        <source>{} (reversed)</source>
        <translation>{} (dikoreksi)</translation>
    </message>
    <message>
        <source>Authorised by {}</source>
        <translation>Diotorisasi oleh {}</translation>
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
    <name>SetupPage</name>
    <message>
        <source>Set up this branch</source>
        <translation>Penyiapan cabang</translation>
    </message>
    <message>
        <source>This computer has no branch data yet. Enter the branch identity given by head office and create the first supervisor account.</source>
        <translation>Komputer ini belum memiliki data cabang. Isi identitas cabang dari kantor pusat dan buat akun supervisor pertama.</translation>
    </message>
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
        <source>{amount} is over the teller limit of {limit}. A supervisor must authorise this transaction.</source>
        <translation>{amount} melebihi batas teller {limit}. Transaksi ini harus diotorisasi supervisor.</translation>
    </message>
</context>
</TS>
