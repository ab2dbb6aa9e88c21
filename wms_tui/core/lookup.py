"""Scans that change nothing: what a code is (home, lookup), a badge at log-in, and the
scanner test. Each handler runs inside the pipeline's apply transaction and never commits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from wms_tui.core.errors import (
    BadgeScanStale,
    OperatorDisabled,
    OperatorLocked,
    UnknownCode,
    UnknownOperator,
    WmsError,
)
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.pipeline.scanning import ScanHandler
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import Resolved, ResolverConfig, Scan, ScanKind, expect, resolve
from wms_tui.core.stock import stored_at

# One message per kind, so the kind's name follows a language switch; `what` is the
# resolver's description, in the language of the moment of the scan.
_KIND_MSGIDS: dict[ScanKind, str] = {
    ScanKind.COMMAND: "lookup.kind.command",
    ScanKind.BADGE: "lookup.kind.badge",
    ScanKind.LOCATION: "lookup.kind.location",
    ScanKind.ORDER: "lookup.kind.order",
    ScanKind.PACKAGE: "lookup.kind.package",
    ScanKind.SERIAL: "lookup.kind.serial",
    ScanKind.LOT: "lookup.kind.lot",
    ScanKind.PACKAGING: "lookup.kind.packaging",
    ScanKind.PRODUCT: "lookup.kind.product",
}

# A badge scan older than this when it is applied (it waited for the database) logs no one in.
STALE_BADGE_S = 60


def _resolve(uow: UnitOfWork, scan: Scan, config: ResolverConfig) -> Resolved:
    return resolve(scan.text, uow.catalog(), config, scan.symbology, scan.source)


def describe(resolved: Resolved) -> Outcome:
    params: dict[str, object] = {"what": resolved.describe(), "code": resolved.text}
    if resolved.command is not None:
        params["command"] = resolved.command  # CMD:LOGOUT on a screen that takes commands
    return Outcome(
        OutcomeStatus.ACCEPTED,
        SoundClass.OK,
        _KIND_MSGIDS[resolved.kind],
        params,
        kind=resolved.kind.value,
    )


# A product's look-up also says which shelves hold it, so nobody has to guess a bin.
_STORED: dict[ScanKind, str] = {
    ScanKind.PRODUCT: "lookup.kind.product_stored",
    ScanKind.PACKAGING: "lookup.kind.packaging_stored",
}
_STORED_TRANSIT: dict[ScanKind, str] = {
    ScanKind.PRODUCT: "lookup.kind.product_stored_transit",
    ScanKind.PACKAGING: "lookup.kind.packaging_stored_transit",
}


def lookup(uow: UnitOfWork, scan: Scan, config: ResolverConfig) -> Outcome:
    """Home and lookup screens: say what the code is (and where a product is stored)."""
    resolved = _resolve(uow, scan, config)
    outcome = describe(resolved)
    order = resolved.order
    if resolved.kind is ScanKind.ORDER and order is not None and order.archived_at is not None:
        day = order.archived_at.astimezone().strftime("%Y-%m-%d")
        outcome = replace(
            outcome, msgid="lookup.kind.order_archived", params={**outcome.params, "at": day}
        )
    if resolved.kind in _STORED and resolved.sku is not None:
        code = resolved.sku.code
        params = {**outcome.params, "where": stored_at(uow, code)}
        msgid = _STORED[resolved.kind]
        transit = uow.receiving.in_transit([code]).get(code, 0)
        if transit:
            # Ordered from a supplier and not here yet: "none on the shelf" is not the end.
            msgid, params["transit"] = _STORED_TRANSIT[resolved.kind], transit
        outcome = replace(outcome, msgid=msgid, params=params)
    return outcome


def badge(
    uow: UnitOfWork, scan: Scan, config: ResolverConfig, clock: Clock | None = None
) -> Outcome:
    """Log-in screen: only a badge; says whether a PIN follows. The log-in itself is the
    UI's next step (operators.login), so a wrong PIN is counted there, once. A badge scan
    that waited out a database outage logs nobody in: its owner may have walked away."""
    if clock is not None:
        waited = (clock.now() - scan.received_at).total_seconds()
        if waited > STALE_BADGE_S:
            raise BadgeScanStale(seconds=int(waited))
    try:
        resolved = expect(_resolve(uow, scan, config), ScanKind.BADGE)
    except UnknownCode as error:
        # At the log-in screen an unknown code is most likely a badge nobody registered.
        raise UnknownOperator(badge=error.params.get("value", scan.text)) from None
    operator = resolved.operator
    if operator is None:
        raise UnknownOperator(badge=resolved.text)
    if not operator.active:
        raise OperatorDisabled(name=operator.name)
    if operator.locked:
        raise OperatorLocked(name=operator.name, badge=operator.badge)
    params: dict[str, object] = {"badge": operator.badge, "name": operator.name}
    if operator.pin_hash is not None:
        return Outcome(
            OutcomeStatus.ACCEPTED, SoundClass.NEEDS_INPUT, "badge.pin_needed", params, kind="badge"
        )
    return Outcome(OutcomeStatus.ACCEPTED, SoundClass.OK, "badge.welcome", params, kind="badge")


def scanner_test(uow: UnitOfWork, scan: Scan, config: ResolverConfig) -> Outcome:
    """Like lookup, but a code that does not resolve is a finding, not a failure: the
    outcome always carries the source, raw data and symbology for the test screen."""
    facts: dict[str, object] = {"source": scan.source, "raw": scan.raw_bytes()}
    try:
        resolved = _resolve(uow, scan, config)
    except WmsError as error:
        return Outcome(
            OutcomeStatus.REJECTED,
            SoundClass.WARNING,
            error.msgid,
            {**error.params, **facts, "symbology": scan.symbology},
            error_code=error.code,
        )
    outcome = describe(resolved)
    symbology = resolved.symbology or scan.symbology
    return Outcome(
        outcome.status,
        outcome.sound,
        outcome.msgid,
        {**outcome.params, **facts, "symbology": symbology},
        kind=outcome.kind,
    )


def handlers(config: ResolverConfig, clock: Clock | None = None) -> dict[str, ScanHandler]:
    """The pipeline contexts of the screens that change nothing."""

    def bind(step: Callable[[UnitOfWork, Scan, ResolverConfig], Outcome]) -> ScanHandler:
        return lambda uow, scan: step(uow, scan, config)

    return {
        "login": lambda uow, scan: badge(uow, scan, config, clock),
        "home": bind(lookup),
        "lookup": bind(lookup),
        "scanner_test": bind(scanner_test),
    }
