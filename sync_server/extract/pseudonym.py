"""The cooperative's side of the pseudonym: blind, ask the key holder, unblind, seal.

For each NIK the extract builder picks a fresh blinding scalar, sends only the blinded element
to the key holder (in batches over HTTP, :class:`HttpKeyHolder`), unblinds the answer and
finalises the 32-byte pseudonym (:mod:`.oprf`). The cooperative's server therefore never holds
the OPRF key, and the key holder never sees a NIK.

The pseudonym then goes into the extract **sealed** to the data centre's public key (libsodium
``crypto_box_seal``: X25519 + XSalsa20-Poly1305 with a fresh ephemeral key per value). Only the
data centre can open it, and every sealed value is different even for the same person, so a
copy of an extract that leaks to a cooperative, which could ask the key holder for the
pseudonym of any NIK it guesses, gives it nothing to compare its guesses with (and does not
even tell it which of its own members are in the other cooperative's extract).

With the key holder's public key pinned (``[keyholder] verify_key``), every batch's answers are
checked against the key holder's proof (:func:`.oprf.verify`) before they are used: a key holder
that answered one cooperative with another key is caught, not silently believed.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Protocol

import requests
from nacl.public import PublicKey, SealedBox

from sync_server.extract import oprf
from sync_server.extract.keyholder import MAX_BATCH, KeyHolder, KeyHolderError
from sync_server.extract.keys import ExtractKeyError


class PseudonymError(ExtractKeyError):
    """The key holder could not be reached, refused the request, or answered nonsense."""


class Evaluator(Protocol):
    """Something that applies the key holder's key to blinded elements."""

    def evaluate(self, elements: Sequence[bytes]) -> list[bytes]: ...


def _checked(
    verify_key: bytes | None, blinded: Sequence[bytes], answers: list[bytes], proof: bytes
) -> list[bytes]:
    if verify_key and not oprf.verify(verify_key, list(blinded), answers, proof):
        raise PseudonymError(
            "Bukti pemegang kunci tidak cocok dengan kunci publiknya (keyholder.verify_key): "
            "jawabannya tidak dipakai.",
            "The key holder's proof does not verify against its public key "
            "(keyholder.verify_key): its answers are not used.",
            field="keyholder",
        )
    return answers


class HttpKeyHolder:
    """The key holder's ``POST /v1/evaluate``, called in batches of up to 1000 elements; each
    batch's proof is checked when ``verify_key`` (the key holder's public key) is given."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        verify_key: bytes | None = None,
        timeout: float = 60,
        batch: int = MAX_BATCH,
    ):
        self.url = url.rstrip("/") + "/v1/evaluate"
        self.batch = max(1, min(batch, MAX_BATCH))
        self.verify_key = verify_key
        self._token = token
        self._timeout = timeout
        self._session = requests.Session()

    def evaluate(self, elements: Sequence[bytes]) -> list[bytes]:
        out: list[bytes] = []
        for start in range(0, len(elements), self.batch):
            chunk = elements[start : start + self.batch]
            try:
                reply = self._session.post(
                    self.url,
                    json={"elements": [e.hex() for e in chunk]},
                    headers={"Authorization": f"Bearer {self._token}"},
                    timeout=self._timeout,
                )
            except requests.RequestException as exc:
                raise PseudonymError(
                    f"Pemegang kunci tidak dapat dihubungi ({type(exc).__name__}).",
                    f"Cannot reach the key holder ({type(exc).__name__}).",
                    field="keyholder",
                ) from None
            if reply.status_code != 200:
                try:
                    body = reply.json()
                except ValueError:
                    body = {}
                raise PseudonymError(
                    f"Pemegang kunci menolak ({reply.status_code}): {body.get('detail_id', '')}",
                    f"The key holder refused ({reply.status_code}): {body.get('detail', '')}",
                    field="keyholder",
                )
            try:
                body = reply.json()
                answered = [bytes.fromhex(e) for e in body["evaluated"]]
                proof = bytes.fromhex(body.get("proof", ""))
            except (ValueError, KeyError, TypeError, AttributeError):
                answered, proof = [], b""
            if len(answered) != len(chunk):
                raise PseudonymError(
                    "Jawaban pemegang kunci tidak sah.",
                    "The key holder's answer is malformed.",
                    field="keyholder",
                )
            out += _checked(self.verify_key, chunk, answered, proof)
        return out


class LocalKeyHolder:
    """A :class:`~.keyholder.KeyHolder` called in-process, as a cooperative's credential would
    call it over HTTP (tests; the same checks and quota apply)."""

    def __init__(self, holder: KeyHolder, token: str, verify_key: bytes | None = None) -> None:
        self.holder = holder
        self.verify_key = verify_key
        self._token = token

    def evaluate(self, elements: Sequence[bytes]) -> list[bytes]:
        out: list[bytes] = []
        for start in range(0, len(elements), MAX_BATCH):
            chunk = elements[start : start + MAX_BATCH]
            try:
                answers, proof = self.holder.evaluate_batch(self._token, chunk)
            except KeyHolderError as exc:
                raise PseudonymError(exc.message_id, exc.message_en, field="keyholder") from None
            out += _checked(self.verify_key, chunk, answers, proof)
        return out


class Pseudonymiser:
    """Pseudonyms of NIKs through an :class:`Evaluator`, sealed to the data centre's key.

    Attributes:
        evaluations: How many elements were sent to the key holder so far.
    """

    def __init__(self, evaluator: Evaluator, datacentre_public_key: bytes) -> None:
        self._evaluator = evaluator
        self._box = SealedBox(PublicKey(datacentre_public_key))
        self.evaluations = 0

    def pseudonyms(self, niks: Sequence[str]) -> dict[str, bytes]:
        """NIK (as given) -> its 32-byte pseudonym; each distinct NIK is evaluated once.

        Raises:
            PseudonymError: the key holder failed or answered an invalid element.
        """
        distinct = list(dict.fromkeys(niks))
        if not distinct:
            return {}
        blinds = [oprf.blind(nik) for nik in distinct]
        answers = self._evaluator.evaluate([element for _r, element in blinds])
        self.evaluations += len(blinds)
        if len(answers) != len(blinds):
            raise PseudonymError(
                "Jawaban pemegang kunci tidak lengkap.",
                "The key holder's answer is incomplete.",
                field="keyholder",
            )
        result: dict[str, bytes] = {}
        for nik, (r, _element), answer in zip(distinct, blinds, answers, strict=True):
            try:
                result[nik] = oprf.finalize(nik, oprf.unblind(r, answer))
            except oprf.OprfError:
                raise PseudonymError(
                    "Pemegang kunci menjawab elemen yang tidak sah.",
                    "The key holder answered an invalid group element.",
                    field="keyholder",
                ) from None
        return result

    def seal(self, pseudonym: bytes) -> str:
        """The pseudonym sealed to the data centre (base64; different every time)."""
        return base64.b64encode(self._box.encrypt(pseudonym)).decode("ascii")
