"""Rows to the core's dataclasses and back. The core never sees a `*Row`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.models import (
    AuditRow,
    BarcodeRow,
    KitComponentRow,
    LocationRow,
    OperatorRow,
    OrderLineRow,
    OrderRow,
    ScanJournalRow,
    SkuRow,
    StockMoveRow,
)
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import (
    AuditEvent,
    Barcode,
    BarcodeKind,
    KitComponent,
    KitMode,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
    StockMove,
    phone_tail,
)


def sku_from_row(row: SkuRow | Row[Any]) -> Sku:
    return Sku(
        code=row.code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        spec=row.spec,
        unit_weight_g=row.unit_weight_g,
        is_kit=row.is_kit,
        kit_mode=KitMode(row.kit_mode),
        requires_lot=row.requires_lot,
        requires_serial=row.requires_serial,
        unit_price_cents=row.unit_price_cents,
        active=row.active,
        spec_en=row.spec_en,
        min_shelf_days=row.min_shelf_days,
    )


def sku_to_row(sku: Sku) -> SkuRow:
    return SkuRow(
        code=sku.code,
        name_zh=sku.name_zh,
        name_en=sku.name_en,
        spec=sku.spec,
        spec_en=sku.spec_en,
        unit_weight_g=sku.unit_weight_g,
        is_kit=sku.is_kit,
        kit_mode=sku.kit_mode.value,
        requires_lot=sku.requires_lot,
        requires_serial=sku.requires_serial,
        unit_price_cents=sku.unit_price_cents,
        active=sku.active,
        min_shelf_days=sku.min_shelf_days,
    )


def barcode_from_row(row: BarcodeRow | Row[Any]) -> Barcode:
    return Barcode(row.code, row.sku_code, BarcodeKind(row.kind), row.multiplier)


def barcode_to_row(barcode: Barcode) -> BarcodeRow:
    return BarcodeRow(
        code=barcode.code,
        sku_code=barcode.sku_code,
        kind=barcode.kind.value,
        multiplier=barcode.multiplier,
    )


def component_from_row(row: KitComponentRow) -> KitComponent:
    return KitComponent(row.kit_code, row.component_code, row.qty)


def component_to_row(component: KitComponent) -> KitComponentRow:
    return KitComponentRow(
        kit_code=component.kit_code, component_code=component.component_code, qty=component.qty
    )


def location_from_row(row: LocationRow | Row[Any]) -> Location:
    return Location(
        code=row.code,
        kind=LocationKind(row.kind),
        walk_order=row.walk_order,
        zone=row.zone,
        frozen=row.frozen,
        station_id=row.station_id,
    )


def location_to_row(location: Location) -> LocationRow:
    return LocationRow(
        code=location.code,
        kind=location.kind.value,
        walk_order=location.walk_order,
        zone=location.zone,
        frozen=location.frozen,
        station_id=location.station_id,
    )


def roles_to_text(roles: frozenset[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))


def roles_from_text(text: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in text.split(",") if part)


def operator_from_row(row: OperatorRow | Row[Any]) -> Operator:
    return Operator(
        badge=row.badge,
        name=row.name,
        roles=roles_from_text(row.roles),
        pin_hash=row.pin_hash,
        active=row.active,
        failed_pins=row.failed_pins,
        locked=row.locked,
        last_wrong_pin_at=row.last_wrong_pin_at,
    )


def operator_values(operator: Operator) -> dict[str, object]:
    return {
        "badge": operator.badge,
        "name": operator.name,
        "roles": roles_to_text(operator.roles),
        "pin_hash": operator.pin_hash,
        "active": operator.active,
        "failed_pins": operator.failed_pins,
        "locked": operator.locked,
        "last_wrong_pin_at": operator.last_wrong_pin_at,
    }


def order_from_rows(row: OrderRow | Row[Any], lines: Sequence[OrderLineRow | Row[Any]]) -> Order:
    return Order(
        order_no=row.order_no,
        platform=row.platform,
        shop=row.shop,
        status=OrderStatus(row.status),
        lines=[
            OrderLine(
                line_no=line.line_no,
                sku_code=line.sku_code,
                qty=line.qty,
                is_gift=line.is_gift,
                kit_code=line.kit_code,
            )
            for line in sorted(lines, key=lambda line: line.line_no)
        ],
        platform_order_no=row.platform_order_no,
        buyer=row.buyer,
        courier=row.courier,
        waybill=row.waybill,
        receiver=row.receiver,
        phone=row.phone,
        address=row.address,
        buyer_remark=row.buyer_remark,
        seller_remark=row.seller_remark,
        paid_at=row.paid_at,
        priority=row.priority,
        merged_from=row.merged_from,
        hold_reason=row.hold_reason,
        version=row.version,
        archived_at=row.archived_at,
        imported_at=row.imported_at,
        refunded_at=row.refunded_at,
    )


def order_to_rows(order: Order) -> tuple[OrderRow, list[OrderLineRow]]:
    row = OrderRow(
        order_no=order.order_no,
        platform=order.platform,
        platform_order_no=order.platform_order_no,
        shop=order.shop,
        buyer=order.buyer,
        courier=order.courier,
        waybill=order.waybill,
        receiver=order.receiver,
        phone=order.phone,
        phone_tail=phone_tail(order.phone),
        address=order.address,
        status=order.status.value,
        buyer_remark=order.buyer_remark,
        seller_remark=order.seller_remark,
        paid_at=order.paid_at,
        priority=order.priority,
        merged_from=order.merged_from,
        hold_reason=order.hold_reason,
        version=order.version,
        imported_at=order.imported_at,
        refunded_at=order.refunded_at,
    )
    lines = [
        OrderLineRow(
            order_no=order.order_no,
            line_no=line.line_no,
            sku_code=line.sku_code,
            qty=line.qty,
            is_gift=line.is_gift,
            kit_code=line.kit_code,
        )
        for line in order.lines
    ]
    return row, lines


def move_from_row(row: StockMoveRow | Row[Any]) -> StockMove:
    """From a ledger row, or a Core row of the same columns (held_stock_move)."""
    return StockMove(
        move_id=row.move_id,
        sku_code=row.sku_code,
        qty=row.qty,
        from_location=row.from_location,
        to_location=row.to_location,
        reason=MoveReason(row.reason),
        reference=row.reference,
        operator=row.operator,
        station_id=row.station_id,
        scan_id=row.scan_id,
        at=row.at,
        reverses=row.reverses,
    )


def move_values(move: StockMove, now: datetime | None = None) -> dict[str, object]:
    return {
        "move_id": move.move_id,
        "sku_code": move.sku_code,
        "qty": move.qty,
        "from_location": move.from_location,
        "to_location": move.to_location,
        "reason": move.reason.value,
        "reference": move.reference,
        "operator": move.operator,
        "station_id": move.station_id,
        "scan_id": move.scan_id,
        "at": move.at or now or datetime.now(UTC),
        "reverses": move.reverses,
    }


def journal_from_row(row: ScanJournalRow | Row[Any]) -> JournalEntry:
    return JournalEntry(
        scan_id=row.scan_id,
        station_id=row.station_id,
        source=row.source,
        data=row.data,
        symbology=row.symbology,
        received_at=row.received_at,
        context=row.context,
        seq=row.seq,
        status=row.status,
        error_code=row.error_code,
        outcome=row.outcome,
        operator=row.operator,
    )


def journal_values(entry: JournalEntry) -> dict[str, object]:
    return {
        "scan_id": entry.scan_id,
        "station_id": entry.station_id,
        "source": entry.source,
        "data": entry.data,
        "symbology": entry.symbology,
        "received_at": entry.received_at,
        "context": entry.context,
        "status": entry.status,
        "error_code": entry.error_code,
        "outcome": entry.outcome,
        "operator": entry.operator,
    }


def audit_to_row(event: AuditEvent, now: datetime) -> AuditRow:
    return AuditRow(
        at=event.at or now,
        action=event.action,
        operator=event.operator,
        station_id=event.station_id,
        subject=event.subject,
        detail=event.detail,
    )


_ORDER_CHUNK = 500  # order numbers per IN list: well inside both engines' parameter limits


def orders_with_lines(session: Session, order_nos: Iterable[str]) -> dict[str, Order]:
    """Orders with their lines, two statements per chunk of order numbers, not two per order
    (a wave's pick list, a manifest's orders). The heads are read afresh
    (`populate_existing`): a status changed by an UPDATE earlier in the same transaction is
    what comes back, not the session's older copy."""
    wanted = sorted(set(order_nos))
    found: dict[str, Order] = {}
    for start in range(0, len(wanted), _ORDER_CHUNK):
        chunk = wanted[start : start + _ORDER_CHUNK]
        lines: dict[str, list[OrderLineRow]] = {}
        for line in session.scalars(
            select(OrderLineRow)
            .where(OrderLineRow.order_no.in_(chunk))
            .order_by(OrderLineRow.order_no, OrderLineRow.line_no)
        ):
            lines.setdefault(line.order_no, []).append(line)
        for head in session.scalars(
            select(OrderRow)
            .where(OrderRow.order_no.in_(chunk))
            .execution_options(populate_existing=True)
        ):
            found[head.order_no] = order_from_rows(head, lines.get(head.order_no, []))
    return found
