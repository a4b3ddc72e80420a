"""Lumbung's shared domain core: pure Python, no Qt, no HTTP, no SQL.

The desktop client and the sync server both run this code, so a balance computed at a branch
counter and one computed at head office come from the same functions.
"""

__version__ = "0.1.0"
