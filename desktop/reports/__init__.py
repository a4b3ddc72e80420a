"""The branch's reports: data built in the store thread (:mod:`desktop.reports.data`, no Qt),
rendered on screen and as PDF on the UI thread (:mod:`desktop.reports.render`,
:mod:`desktop.reports.pdf`)."""
