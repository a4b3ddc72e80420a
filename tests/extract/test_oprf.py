"""The OPRF and the key holder: what each step computes, what the key holder sees, what it
refuses, and its quota."""

from __future__ import annotations

import base64
import hashlib
import os
import stat

import pytest
import requests
from nacl import bindings as sodium

from sync_server.extract import oprf
from sync_server.extract.keyholder import KeyHolderError, read_key_file, write_key_file
from sync_server.extract.pseudonym import HttpKeyHolder, PseudonymError, Pseudonymiser
from tests.extract.builders import DC_SECRET, KH_KEY, OTHER_KH_KEY, keyholder, register
from tests.extract.conftest import KeyHolderProcess

NIK = "5104015705800001"
OTHER_NIK = "5104015705800002"
#: The neutral element and a point of order 8: never valid inputs.
IDENTITY = bytes([1]) + bytes(31)
SMALL_ORDER = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")


def known_log_point(seed: bytes) -> tuple[bytes, bytes]:
    """A group element ``a·G`` with its logarithm ``a`` (``H`` hides its logarithms; this is
    how a test can reason about every input at once)."""
    a = sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(seed).digest())
    return a, sodium.crypto_scalarmult_ed25519_base_noclamp(a)


def test_unblinding_gives_the_key_times_the_hash() -> None:
    r, blinded = oprf.blind(NIK)
    unblinded = oprf.unblind(r, oprf.evaluate(KH_KEY, blinded))
    assert unblinded == oprf.evaluate(KH_KEY, oprf.hash_to_group(NIK))
    assert oprf.finalize(NIK, unblinded) == oprf.pseudonym_with_key(KH_KEY, NIK)
    assert len(oprf.pseudonym_with_key(KH_KEY, NIK)) == 32


def test_the_same_nik_gives_the_same_pseudonym_whatever_the_blind() -> None:
    results = set()
    for _ in range(5):
        r, blinded = oprf.blind(NIK)
        results.add(oprf.finalize(NIK, oprf.unblind(r, oprf.evaluate(KH_KEY, blinded))))
    assert len(results) == 1
    assert oprf.pseudonym_with_key(KH_KEY, " 5104 0157 0580 0001 ") in results  # as typed


def test_a_wrong_key_gives_a_different_pseudonym() -> None:
    assert oprf.pseudonym_with_key(KH_KEY, NIK) != oprf.pseudonym_with_key(OTHER_KH_KEY, NIK)
    assert oprf.pseudonym_with_key(KH_KEY, NIK) != oprf.pseudonym_with_key(KH_KEY, OTHER_NIK)
    r, blinded = oprf.blind(NIK)
    wrong = oprf.finalize(NIK, oprf.unblind(r, oprf.evaluate(OTHER_KH_KEY, blinded)))
    assert wrong != oprf.pseudonym_with_key(KH_KEY, NIK)


def test_blinding_hides_the_input_perfectly() -> None:
    """What the key holder receives, ``r·H(x)`` for a uniformly random ``r``, is a uniformly
    random group element whatever ``x`` is: for any other input ``y`` there is exactly one
    blind ``r'`` that makes the very same message. Shown here with inputs whose logarithms are
    known (``H(x) = a·G``, ``H(y) = b·G``, so ``r' = r·a/b``)."""
    a, hx = known_log_point(b"x")
    b, hy = known_log_point(b"y")
    r = oprf.random_scalar()
    seen = oprf.blind_element(hx, r)
    r_for_y = sodium.crypto_core_ed25519_scalar_mul(
        sodium.crypto_core_ed25519_scalar_mul(r, a), sodium.crypto_core_ed25519_scalar_invert(b)
    )
    assert oprf.blind_element(hy, r_for_y) == seen
    # And the key holder's answer is then consistent with both inputs too.
    answer = oprf.evaluate(KH_KEY, seen)
    assert oprf.unblind(r, answer) == oprf.evaluate(KH_KEY, hx)
    assert oprf.unblind(r_for_y, answer) == oprf.evaluate(KH_KEY, hy)


def test_the_key_holders_whole_view_holds_nothing_derived_from_a_nik() -> None:
    """Run a real register through the key holder and inspect everything it was sent: no
    NIK, no H(NIK), no k·H(NIK), no pseudonym; fresh elements even for a NIK asked twice."""
    party = keyholder()
    members = register(300, seed=5)
    niks = [m["nik"] for m in members]
    pseudonymiser = party.pseudonymiser("view-test")
    first = pseudonymiser.pseudonyms(niks)
    pseudonymiser.pseudonyms(niks[:50])  # the same NIKs again
    [name] = [n for n in party.seen if n.startswith("view-test")]
    view = party.seen[name]
    assert len(view) == len(niks) + 50 and len(set(view)) == len(view)
    derived = set()
    for nik in niks:
        h = oprf.hash_to_group(nik)
        derived |= {nik.encode(), h, oprf.evaluate(KH_KEY, h), first[nik]}
    assert not derived & set(view)
    blob = b"".join(view)
    assert not any(nik.encode() in blob for nik in niks)


def test_the_key_holder_refuses_what_is_not_a_group_element() -> None:
    for bad in (IDENTITY, SMALL_ORDER, bytes(32), b"\xff" * 32, b"short"):
        assert not oprf.is_valid_element(bad)
        with pytest.raises(oprf.OprfError):
            oprf.evaluate(KH_KEY, bad)
    holder = keyholder().credential("refuse-test")
    with pytest.raises(PseudonymError, match="Invalid group element"):
        holder.evaluate([oprf.blind(NIK)[1], SMALL_ORDER])


def test_a_key_holder_answer_that_is_not_a_group_element_is_refused() -> None:
    class Liar:
        def evaluate(self, elements):
            return [IDENTITY for _ in elements]

    with pytest.raises(PseudonymError, match="invalid group element"):
        Pseudonymiser(Liar(), bytes(DC_SECRET.public_key)).pseudonyms([NIK])


def test_the_quota_stops_evaluation_and_nothing_is_evaluated_past_it() -> None:
    holder = keyholder().credential("quota-test", quota=10)
    elements = [oprf.blind(f"51040157058000{i:02d}")[1] for i in range(1, 12)]
    assert len(holder.evaluate(elements[:10])) == 10
    with pytest.raises(PseudonymError, match="Quota exceeded: 10 of 10"):
        holder.evaluate(elements[10:])
    with pytest.raises(PseudonymError, match="Unknown or revoked"):
        type(holder)(holder.holder, "kh.forged-credential-0123456789").evaluate(elements[:1])


@pytest.mark.not_on_windows(reason="Windows has no POSIX file modes (the key file's 0o600)")
def test_key_files(tmp_path) -> None:
    path = tmp_path / "oprf.key"
    write_key_file(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key = read_key_file(path)
    assert len(key) == 32 and oprf.evaluate(key, oprf.hash_to_group(NIK))
    with pytest.raises(KeyHolderError, match="never overwritten"):
        write_key_file(path)
    assert read_key_file(path) == key
    (tmp_path / "bad.key").write_text("ff" * 32)  # not a reduced scalar
    with pytest.raises(KeyHolderError, match="not a valid OPRF key"):
        read_key_file(tmp_path / "bad.key")


def test_the_key_holder_over_http(keyholder_process: KeyHolderProcess) -> None:
    token = keyholder_process.issue("http-test", quota=2000)
    client = HttpKeyHolder(keyholder_process.url, token, batch=1000)
    niks = [m["nik"] for m in register(1200, seed=8)]
    got = Pseudonymiser(client, bytes(DC_SECRET.public_key)).pseudonyms(niks)
    key = keyholder_process.key
    assert all(got[n] == oprf.pseudonym_with_key(key, n) for n in niks)  # three batches
    url = keyholder_process.url + "/v1/evaluate"
    element = oprf.blind(NIK)[1].hex()
    assert requests.post(url, json={"elements": [element]}, timeout=10).status_code == 401
    bad = requests.post(
        url,
        json={"elements": [SMALL_ORDER.hex()]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_element"
    over = requests.post(
        url,
        json={"elements": [element] * 1001},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert over.status_code == 422
    with pytest.raises(PseudonymError, match=r"refused \(429\)"):
        Pseudonymiser(client, bytes(DC_SECRET.public_key)).pseudonyms(niks)


def test_key_holder_administration(tmp_path, capsys) -> None:
    from sync_server.extract import keyholder as kh

    state = str(tmp_path / "state.sqlite3")
    assert kh.main(["init", "--key-file", str(tmp_path / "k")]) == 0
    assert kh.main(["issue", "KSP-X", "--quota", "5", "--state", state]) == 0
    token = capsys.readouterr().out.split("KSP-X: ")[1].split()[0]
    holder = kh.KeyHolder(kh.read_key_file(tmp_path / "k"), kh.State(state))
    holder.evaluate_batch(token, [oprf.blind(NIK)[1]] * 2)
    assert kh.main(["list", "--state", state]) == 0
    assert "KSP-X  2/5 per 30d" in capsys.readouterr().out
    assert kh.main(["issue", "KSP-X", "--quota", "5", "--state", state]) == 1  # name taken
    assert kh.main(["revoke", "KSP-X", "--state", state]) == 0
    with pytest.raises(KeyHolderError, match="Unknown or revoked"):
        holder.evaluate_batch(token, [oprf.blind(NIK)[1]])
    assert kh.main(["revoke", "KSP-X", "--state", state]) == 1


def test_the_proof_shows_every_answer_used_the_published_key() -> None:
    blinded = [oprf.blind(f"51040157058000{i:02d}")[1] for i in range(1, 9)]
    answers = [oprf.evaluate(KH_KEY, b) for b in blinded]
    proof = oprf.prove(KH_KEY, blinded, answers)
    public = oprf.public_key(KH_KEY)
    assert oprf.verify(public, blinded, answers, proof)
    # One answer under another key, all answers under another key, another public key, a
    # reordered batch, a damaged proof: none verifies.
    one_off = [*answers[:3], oprf.evaluate(OTHER_KH_KEY, blinded[3]), *answers[4:]]
    assert not oprf.verify(public, blinded, one_off, proof)
    assert not oprf.verify(public, blinded, one_off, oprf.prove(KH_KEY, blinded, one_off))
    others = [oprf.evaluate(OTHER_KH_KEY, b) for b in blinded]
    assert not oprf.verify(public, blinded, others, oprf.prove(OTHER_KH_KEY, blinded, others))
    assert not oprf.verify(oprf.public_key(OTHER_KH_KEY), blinded, answers, proof)
    assert not oprf.verify(public, blinded[::-1], answers[::-1], proof)
    assert not oprf.verify(public, blinded, answers, proof[:-1] + bytes([proof[-1] ^ 1]))
    assert not oprf.verify(public, blinded, answers, b"")


def test_a_key_holder_answering_with_another_key_is_caught() -> None:
    """A key holder that switched keys for one cooperative would cut its members off from
    everyone else's; with the public key pinned, the cooperative refuses its answers."""
    liar = keyholder(OTHER_KH_KEY).credential("switched")
    liar.verify_key = oprf.public_key(KH_KEY)  # what the cooperative pinned
    with pytest.raises(PseudonymError, match="proof does not verify"):
        Pseudonymiser(liar, bytes(DC_SECRET.public_key)).pseudonyms([NIK])


def test_verified_over_http_and_the_public_key_command(keyholder_process, capsys) -> None:
    from sync_server.extract import keyholder as kh

    token = keyholder_process.issue("verify-test", quota=100)
    honest = HttpKeyHolder(keyholder_process.url, token, verify_key=keyholder_process.public_key)
    got = Pseudonymiser(honest, bytes(DC_SECRET.public_key)).pseudonyms([NIK])
    assert got[NIK] == oprf.pseudonym_with_key(keyholder_process.key, NIK)
    pinned_wrong = HttpKeyHolder(keyholder_process.url, token, verify_key=oprf.public_key(KH_KEY))
    with pytest.raises(PseudonymError, match="proof does not verify"):
        Pseudonymiser(pinned_wrong, bytes(DC_SECRET.public_key)).pseudonyms([NIK])
    assert kh.main(["public-key", "--key-file", str(keyholder_process.key_file)]) == 0
    printed = capsys.readouterr().out.strip()
    assert base64.b64decode(printed) == keyholder_process.public_key
