"""Lumbung branch desktop client (PySide6)."""
