"""An oblivious pseudorandom function (OPRF) of a NIK, composed from libsodium's group API.

The pseudonym of a NIK ``x`` under the key holder's secret scalar ``k`` is

    pseudonym(x) = SHA-256( DST_FINAL || len(x) || x || k·H(x) )

where ``H`` hashes the NIK onto the group. It is computed in three steps so that nobody but
the key holder ever holds ``k`` and the key holder never sees ``x`` (2HashDH, the construction
RFC 9497 standardises):

1. the cooperative picks a fresh random scalar ``r`` and sends ``B = r·H(x)`` (:func:`blind`);
2. the key holder answers ``Z = k·B`` (:func:`evaluate`);
3. the cooperative computes ``r⁻¹·Z = k·H(x)`` and hashes it with ``x`` (:func:`unblind`,
   :func:`finalize`).

``B`` is a uniformly random element of a prime-order group whatever ``x`` is (for every NIK
there is exactly one ``r`` giving that ``B``), so the key holder's view says nothing about the
NIK. Without ``k`` nobody can compute a pseudonym, so enumerating NIKs is of no use to anyone
who holds only pseudonyms; whoever can ask the key holder can, which is why the key holder
serves cooperatives only, within a quota (:mod:`.keyholder`).

The group: the prime-order subgroup of edwards25519 (order ℓ = 2^252 + 27742…), through
PyNaCl's bindings of libsodium's ``crypto_core_ed25519_*`` and
``crypto_scalarmult_ed25519_noclamp``. ristretto255 (the group RFC 9497 names) is an encoding
of this same prime-order group, but PyNaCl 1.6 does not bind libsodium's ristretto functions;
libsodium's ed25519 API gives the same guarantees as long as every point is checked to be
canonical, not of small order and in the prime-order subgroup, which
``crypto_core_ed25519_is_valid_point`` and ``crypto_scalarmult_ed25519_noclamp`` both do.
``H`` maps two halves of a SHA-512 digest with libsodium's Elligator 2 map
(``crypto_core_ed25519_from_uniform``, which clears the cofactor) and adds the points — the
two-map construction of RFC 9380's ``_RO_`` suites and of libsodium's own
``crypto_core_ristretto255_from_hash``.
"""

from __future__ import annotations

import hashlib
import os

from nacl import bindings as sodium
from nacl import exceptions as nacl_errors

from ledger.errors import LumbungError

SCALAR_BYTES = sodium.crypto_core_ed25519_SCALARBYTES
ELEMENT_BYTES = sodium.crypto_core_ed25519_BYTES
PSEUDONYM_BYTES = 32

DST_HASH = b"lumbung-nik-oprf-v1:hash-to-group"
DST_FINAL = b"lumbung-nik-oprf-v1:finalize"
DST_SEED = b"lumbung-nik-oprf-v1:dleq-seed"
DST_CHALLENGE = b"lumbung-nik-oprf-v1:dleq-challenge"


class OprfError(LumbungError):
    """An element that is not a valid group element, or a zero scalar."""


def _bad_element() -> OprfError:
    return OprfError(
        "Elemen grup tidak sah (bukan titik kanonik pada subgrup berorde prima).",
        "Invalid group element (not a canonical point in the prime-order subgroup).",
        field="element",
    )


def normalise(nik: str) -> bytes:
    """The NIK's digits as ASCII bytes (spaces removed, as a teller may have typed them)."""
    return "".join(nik.split()).encode("utf-8")


def _framed(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def hash_to_group(nik: str) -> bytes:
    """``H(x)``: the NIK as a point of the prime-order group."""
    digest = hashlib.sha512(DST_HASH + _framed(normalise(nik))).digest()
    p0 = sodium.crypto_core_ed25519_from_uniform(digest[:32])
    p1 = sodium.crypto_core_ed25519_from_uniform(digest[32:])
    return sodium.crypto_core_ed25519_add(p0, p1)


def random_scalar() -> bytes:
    """A uniformly random non-zero scalar mod ℓ (64 random bytes reduced: no bias)."""
    while True:
        scalar = sodium.crypto_core_ed25519_scalar_reduce(os.urandom(64))
        if any(scalar):
            return scalar


def is_valid_element(element: bytes) -> bool:
    return (
        isinstance(element, bytes)
        and len(element) == ELEMENT_BYTES
        and bool(sodium.crypto_core_ed25519_is_valid_point(element))
    )


def _multiply(scalar: bytes, element: bytes) -> bytes:
    if not is_valid_element(element):
        raise _bad_element()
    try:
        return sodium.crypto_scalarmult_ed25519_noclamp(scalar, element)
    except (nacl_errors.RuntimeError, nacl_errors.TypeError):
        raise _bad_element() from None


def blind_element(element: bytes, blind: bytes) -> bytes:
    """``r·P`` for a point ``P`` (exposed for tests that pick ``P`` with a known logarithm)."""
    return _multiply(blind, element)


def blind(nik: str, blind_scalar: bytes | None = None) -> tuple[bytes, bytes]:
    """``(r, r·H(x))``: the blinding scalar to keep, and the element to send the key holder."""
    r = blind_scalar if blind_scalar is not None else random_scalar()
    return r, blind_element(hash_to_group(nik), r)


def evaluate(key: bytes, element: bytes) -> bytes:
    """The key holder's step: ``k·B``. Refuses anything that is not a valid group element.

    Raises:
        OprfError: ``element`` is not a canonical point of the prime-order subgroup.
    """
    return _multiply(key, element)


def unblind(blind_scalar: bytes, evaluated: bytes) -> bytes:
    """``r⁻¹·Z``, which is ``k·H(x)`` when ``Z`` is the key holder's answer to ``r·H(x)``.

    Raises:
        OprfError: the key holder answered something that is not a valid group element.
    """
    inverse = sodium.crypto_core_ed25519_scalar_invert(blind_scalar)
    return _multiply(inverse, evaluated)


def finalize(nik: str, unblinded: bytes) -> bytes:
    """The 32-byte pseudonym from ``x`` and ``k·H(x)``."""
    return hashlib.sha256(DST_FINAL + _framed(normalise(nik)) + _framed(unblinded)).digest()


def pseudonym_with_key(key: bytes, nik: str) -> bytes:
    """The pseudonym computed directly with the key: what only the key holder (or whoever
    steals its key) can do. Used by tests as the reference and as the attacker's control."""
    return finalize(nik, evaluate(key, hash_to_group(nik)))


def new_key() -> bytes:
    """A fresh key-holder key (a random non-zero scalar)."""
    return random_scalar()


# --- verifiability: a proof that every answer used the key behind the published public key ---
#
# The key holder publishes K = k·G. With each batch it proves, without revealing k, that the
# same k maps every blinded B_i to its answer Z_i: a Chaum-Pedersen proof of equal discrete
# logarithms (DLEQ) over a random linear combination of the batch, as RFC 9497's VOPRF mode
# does. A cooperative that checks it knows the key holder did not answer it with another key
# (which would silently cut its members off from everyone else's, or mark them).


def public_key(key: bytes) -> bytes:
    """``K = k·G``, which the key holder publishes and cooperatives pin in their policy."""
    return sodium.crypto_scalarmult_ed25519_base_noclamp(key)


def _scalar(*parts: bytes) -> bytes:
    return sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(b"".join(parts)).digest())


def _composite(
    key_public: bytes, blinded: list[bytes], evaluated: list[bytes], key: bytes | None = None
) -> tuple[bytes, bytes]:
    """``(M, Z) = (Σ d_i·B_i, Σ d_i·Z_i)`` with weights ``d_i`` bound to the whole batch (the
    prover, who has the key, takes ``Z = k·M``: the same point, half the work)."""
    seed = hashlib.sha512(
        DST_SEED
        + key_public
        + len(blinded).to_bytes(4, "big")
        + b"".join(_framed(b) + _framed(z) for b, z in zip(blinded, evaluated, strict=True))
    ).digest()
    m = z = b""
    for i, (b_i, z_i) in enumerate(zip(blinded, evaluated, strict=True)):
        d = _scalar(seed, i.to_bytes(4, "big"))
        mb = _multiply(d, b_i)
        m = mb if not m else sodium.crypto_core_ed25519_add(m, mb)
        if key is None:
            mz = _multiply(d, z_i)
            z = mz if not z else sodium.crypto_core_ed25519_add(z, mz)
    return m, (_multiply(key, m) if key is not None else z)


def _challenge(key_public: bytes, m: bytes, z: bytes, a1: bytes, a2: bytes) -> bytes:
    return _scalar(DST_CHALLENGE, key_public, m, z, a1, a2)


def prove(key: bytes, blinded: list[bytes], evaluated: list[bytes]) -> bytes:
    """The key holder's proof for a batch (64 bytes: challenge ``c`` and response ``s``)."""
    key_public = public_key(key)
    m, z = _composite(key_public, blinded, evaluated, key)
    t = random_scalar()
    a1 = sodium.crypto_scalarmult_ed25519_base_noclamp(t)
    a2 = _multiply(t, m)
    c = _challenge(key_public, m, z, a1, a2)
    s = sodium.crypto_core_ed25519_scalar_sub(t, sodium.crypto_core_ed25519_scalar_mul(c, key))
    return c + s


def verify(key_public: bytes, blinded: list[bytes], evaluated: list[bytes], proof: bytes) -> bool:
    """Whether ``proof`` shows every ``evaluated[i]`` is ``k·blinded[i]`` for the ``k`` behind
    ``key_public``."""
    if len(proof) != 2 * SCALAR_BYTES or not blinded or len(blinded) != len(evaluated):
        return False
    c, s = proof[:SCALAR_BYTES], proof[SCALAR_BYTES:]
    try:
        if not is_valid_element(key_public):
            return False
        m, z = _composite(key_public, blinded, evaluated)
        a1 = sodium.crypto_core_ed25519_add(
            sodium.crypto_scalarmult_ed25519_base_noclamp(s), _multiply(c, key_public)
        )
        a2 = sodium.crypto_core_ed25519_add(_multiply(s, m), _multiply(c, z))
    except (OprfError, nacl_errors.RuntimeError, nacl_errors.TypeError):
        return False
    return _challenge(key_public, m, z, a1, a2) == c
