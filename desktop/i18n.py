"""Language of the desktop: Bahasa Indonesia by default, English on request.

Source strings in the code are English and go through ``self.tr()`` or
``QCoreApplication.translate()``; ``resources/i18n/lumbung_id.qm`` turns them into Indonesian.
Qt ships no Indonesian translation of its own standard buttons (OK, Cancel, Yes, ...), so
``qtbase_id.qm`` (written by hand) supplies those.

English needs no translator at all: it is the source language.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

    from ledger.errors import LumbungError

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

#: The translation catalogues loaded for Indonesian, in resources/i18n/.
CATALOGUES = ("lumbung", "qtbase")

_language = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``resources/`` next to the packages when run from source, or inside a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def language() -> str:
    """The language the UI is shown in ("id" or "en")."""
    return _language


def install(app: QCoreApplication, lang: str = DEFAULT_LANGUAGE) -> None:
    """Load the translators for ``lang`` into ``app`` (replacing any installed before)."""
    from PySide6.QtCore import QLocale, QTranslator

    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {LANGUAGES}")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language = lang
    QLocale.setDefault(locale())
    if lang == "en":
        return
    for name in CATALOGUES:
        translator = QTranslator(app)
        path = i18n_dir() / f"{name}_{lang}.qm"
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            # A missing catalogue leaves English text on screen; say so instead of failing.
            log.warning("translation catalogue %s not found", path)


def locale() -> QLocale:
    """The Qt locale for dates and month names in the current language."""
    from PySide6.QtCore import QLocale

    return QLocale("id_ID" if _language == "id" else "en_GB")


def error_text(error: LumbungError) -> str:
    """A known error's message in the UI language."""
    return error.message(_language)


def translate(context: str, text: str) -> str:
    """Translate outside a QObject (module-level tables of labels)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)
