"""Who may open which console page and take which action: one table, checked on every request.

Read-only roles never reach a write: every POST names an action below, and the auditor is in
no action's set. The security tests walk this table.
"""

from __future__ import annotations

from sync_server.console.accounts import ROLES

ALL = frozenset(ROLES)

#: page or action -> the roles allowed
RULES: dict[str, frozenset[str]] = {
    "dashboard": ALL,
    "devices": ALL,
    "devices.write": frozenset({"admin"}),
    "staff": frozenset({"admin", "manager", "auditor"}),
    "staff.write": frozenset({"admin"}),
    "products": ALL,
    "products.write": frozenset({"admin", "manager"}),
    "settings": ALL,
    "settings.write": frozenset({"admin"}),
    "review": ALL,
    "review.write": frozenset({"admin", "manager"}),
    "recon": ALL,
    "members": frozenset({"admin", "manager", "auditor"}),
    "reports": ALL,
    # Running a report writes no business data (a job row only): auditors may.
    "reports.run": ALL,
    "extract": frozenset({"admin", "auditor"}),
    # A dry run writes and sends nothing (it asks the key holder for pseudonyms).
    "extract.run": frozenset({"admin", "auditor"}),
    "audit": frozenset({"admin", "auditor"}),
    "users": frozenset({"admin"}),
    "users.write": frozenset({"admin"}),
}
#: Roles that see a member's NIK, address, phone and mother's maiden name in full.
MEMBER_DETAIL = frozenset({"admin", "auditor"})


def allowed(role: str, rule: str) -> bool:
    return role in RULES[rule]


#: The navigation: (page rule, path, catalogue key), in menu order.
NAVIGATION = (
    ("dashboard", "/console/", "nav.dashboard"),
    ("devices", "/console/devices", "nav.devices"),
    ("staff", "/console/staff", "nav.staff"),
    ("products", "/console/products", "nav.products"),
    ("settings", "/console/settings", "nav.settings"),
    ("review", "/console/review", "nav.review"),
    ("recon", "/console/recon", "nav.recon"),
    ("members", "/console/members", "nav.members"),
    ("reports", "/console/reports", "nav.reports"),
    ("extract", "/console/extract", "nav.extract"),
    ("audit", "/console/audit", "nav.audit"),
    ("users", "/console/users", "nav.users"),
)
