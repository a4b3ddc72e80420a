"""Loan products and settings (as ``lumbung-server loan-product`` and ``setting``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from ledger.errors import LumbungError, ValidationError
from ledger.loans.products import FREQUENCIES, METHODS
from ledger.settings import SETTINGS
from sync_server import admin, loan_products
from sync_server.console.accounts import Principal
from sync_server.console.pages._common import (
    User,
    audit,
    in_thread,
    router,
)
from sync_server.console.web import (
    action,
    db_of,
    done,
    page,
    render,
)

# --- loan products and settings -----------------------------------------------------------------

_INT_FIELDS = (
    "rate_bp", "min_rate_bp", "max_rate_bp", "min_amount", "max_amount", "min_tenor",
    "max_tenor", "admin_fee_bp", "provision_fee_bp",
)  # fmt: skip


def _products_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    return render(
        request, "products.html", user, status=status,
        products=loan_products.list_products(db_of(request)), methods=METHODS,
        frequencies=FREQUENCIES, **extra,
    )  # fmt: skip


@router.get("/products")
def products(
    request: Request, user: Annotated[User, Depends(page("products"))], edit: str = ""
) -> Response:
    """The products; ``edit`` fills the form with one product's current definition."""
    current = _product(request, edit) if edit else None
    return _products_page(request, user, form=current)


def _product(request: Request, product_id: str) -> dict[str, Any] | None:
    found = [
        p for p in loan_products.list_products(db_of(request)) if p["product_id"] == product_id
    ]
    return found[0] if found else None


@router.post("/products")
async def product_define(
    request: Request, user: Annotated[User, Depends(action("products.write"))]
) -> Response:
    form = await request.form()
    data: dict[str, Any] = {
        k: str(form.get(k, "")).strip()
        for k in ("product_id", "code", "name", "method", "frequency")
    }
    try:
        for name in _INT_FIELDS:
            raw = str(form.get(name, "")).strip().replace(".", "")
            if raw:
                if not raw.lstrip("-").isdigit():
                    raise ValidationError(
                        f"{name}: isi bilangan bulat.", f"{name}: a whole number.", field=name
                    )
                data[name] = int(raw)
        active = form.get("active") == "1"
        # Redefining keeps what the form does not show (late fees, kolektibilitas days, ...
        # as `loan-product define` set them): the form's fields go over the current definition.
        current = await in_thread(_product, request, data["product_id"]) or {}
        current.pop("active", None)
        data = {**current, **data}
        product = await in_thread(
            loan_products.define, db_of(request), data, active=active, actor=user.actor
        )
    except LumbungError as exc:
        refusal: Response = await in_thread(
            _products_page, request, user, status=422, error=exc,
            form={**dict(form), "active": form.get("active", "")},
        )  # fmt: skip
        return refusal
    await in_thread(
        audit, request, user, "loan_product.define", product.product_id,
        f"{product.name} ({product.method}) active={active}",
    )  # fmt: skip
    return done(request, "/console/products")


def _settings_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "settings.html", user, status=status, settings=admin.list_settings(db),
        keys=tuple(SETTINGS), branches=admin.list_branches(db),
        **extra,
    )  # fmt: skip


@router.get("/settings")
def settings_page(request: Request, user: Annotated[User, Depends(page("settings"))]) -> Response:
    return _settings_page(request, user)


@router.post("/settings")
def setting_set(
    request: Request,
    user: Annotated[User, Depends(action("settings.write"))],
    key: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    branch_id: Annotated[str, Form()] = "",
) -> Response:
    try:
        admin.set_setting(db_of(request), key, value, branch_id=branch_id, actor=user.actor)
    except LumbungError as exc:
        return _settings_page(request, user, status=422, error=exc)
    audit(request, user, "setting.set", key, f"{value} scope={branch_id or 'all'}")
    return done(request, "/console/settings")
