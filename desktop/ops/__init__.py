"""Operations on the branch store, one module per area; run by :mod:`desktop.worker`.

Each op is a frozen dataclass holding its inputs: the UI builds one, submits it, and gets the
result back on the UI thread. Writes say what they changed so screens refresh only that.
"""
