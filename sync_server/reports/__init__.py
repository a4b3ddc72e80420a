"""Head office's reports over the central ledger, across branches: built as data
(:mod:`sync_server.reports.data`), printed as text or CSV on the terminal, or as PDF
(:mod:`sync_server.reports.pdf`, no PDF library needed)."""
