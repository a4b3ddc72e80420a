"""Where the device token is kept: the OS keyring when there is one, else a private file.

Windows has the Credential Locker, macOS the Keychain, a Linux desktop usually the Secret
Service; a bare Linux box or a service account has none (keyring then offers only its "fail"
backend, priority 0). There the token goes into ``<data dir>/device-token``, created with mode
0600 so only this user can read it. The token is a bearer secret: whoever reads it can push as
this device until head office revokes it.

Choosing the backend imports keyring's plugins; :func:`prepare` does it up front, so the UI can
call it on its own thread (PySide6's import hook is not safe in worker threads).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

SERVICE = "Lumbung"
TOKEN_FILE = "device-token"
#: Set to ``file`` to keep the token in the data directory even where a keyring exists.
ENV_BACKEND = "LUMBUNG_TOKEN_STORE"

_backend: keyring.backend.KeyringBackend | None = None
_chosen = False


def prepare() -> keyring.backend.KeyringBackend | None:
    """The usable keyring backend, or None (a file is used); decided once."""
    global _backend, _chosen
    if not _chosen:
        _chosen = True
        if os.environ.get(ENV_BACKEND) != "file":
            try:
                candidate = keyring.get_keyring()
                if candidate.priority > 0:
                    _backend = candidate
            except Exception:  # a broken keyring plugin must not stop the branch
                _backend = None
    return _backend


def uses_keyring() -> bool:
    return prepare() is not None


def _file(data_dir: Path) -> Path:
    return Path(data_dir) / TOKEN_FILE


def save_token(data_dir: Path, device_id: str, token: str) -> str:
    """Keep ``token`` for ``device_id``; returns where (``"keyring"`` or the file path)."""
    backend = prepare()
    if backend is not None:
        try:
            backend.set_password(SERVICE, device_id, token)
            return "keyring"
        except keyring.errors.KeyringError:
            pass  # a locked or refusing keyring: fall back to the private file
    path = _file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"{device_id}\n{token}\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return str(path)


def load_token(data_dir: Path, device_id: str) -> str | None:
    """The token kept for ``device_id`` (keyring first, then the file), or None."""
    backend = prepare()
    if backend is not None:
        try:
            token = backend.get_password(SERVICE, device_id)
        except keyring.errors.KeyringError:
            token = None
        if token:
            return token
    try:
        kept_for, token = _file(data_dir).read_text(encoding="utf-8").split("\n")[:2]
    except (FileNotFoundError, ValueError):
        return None
    return token if kept_for == device_id and token else None


def delete_token(data_dir: Path, device_id: str) -> None:
    backend = prepare()
    if backend is not None:
        with contextlib.suppress(keyring.errors.KeyringError):
            backend.delete_password(SERVICE, device_id)
    with contextlib.suppress(FileNotFoundError):
        _file(data_dir).unlink()
