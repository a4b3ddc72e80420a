"""The console's pages: thin routes that check the user, call the same functions the
``lumbung-server`` CLI calls (:mod:`sync_server.admin`, :mod:`sync_server.enrolment`,
:mod:`sync_server.loan_products`, :mod:`sync_server.recon`, the reports and the extract), record
the change in the audit log, and render a template.

One module per area of the console; each adds its routes to the one router in ``_common``.
"""

from sync_server.console.pages import audit, branches, cases, products, sign_in, work
from sync_server.console.pages._common import router

__all__ = ["audit", "branches", "cases", "products", "router", "sign_in", "work"]
