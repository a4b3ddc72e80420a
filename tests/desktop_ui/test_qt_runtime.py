"""The Qt binding must not corrupt reference counts on this Python.

PySide6 6.12.0 on CPython 3.11 returned True/None from signal emits and void calls without a
reference; a counter PC died after a few thousand signals. This guards the pinned version.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Probe(QObject):
    fired = Signal()
probe = Probe()
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(3000):
    probe.fired.emit()
    app.processEvents()
print(sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before)
"""


def test_signal_emits_keep_reference_counts_intact():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    true_delta, none_delta = (int(x) for x in done.stdout.split())
    assert abs(true_delta) < 50 and abs(none_delta) < 50, done.stdout
