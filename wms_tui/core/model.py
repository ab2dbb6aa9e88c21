"""The warehouse's things, with the rules that belong to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from wms_tui.core.errors import InvalidMove, InvalidQuantity
from wms_tui.core.orders.status import ORDER_TRANSITIONS as ORDER_TRANSITIONS
from wms_tui.core.orders.status import OrderStatus as OrderStatus
from wms_tui.core.orders.status import check_transition as check_transition


class Role(StrEnum):
    PICKER = "picker"
    INSPECTOR = "inspector"
    STOCKTAKER = "stocktaker"
    RECEIVER = "receiver"
    DOCK = "dock"  # hands parcels to the couriers (出库登记)
    # A courier's driver: the badge signs for the parcels at the dock; it never logs in.
    COURIER = "courier"
    SERVICE = "service"  # customer service (客服): the order desk, never the floor
    RETURNS = "returns"  # the returns clerk (退货员): books what comes back
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class LocationKind(StrEnum):
    BIN = "bin"
    RECEIVING = "receiving"
    PACKING = "packing"
    DOCK = "dock"
    RETURNS = "returns"
    QUARANTINE = "quarantine"
    VIRTUAL = "virtual"
    TOTE = "tote"  # 周转箱: received or returned goods on their way to the shelf


class BarcodeKind(StrEnum):
    PRODUCT = "product"  # GTIN/EAN/UPC printed on the unit
    MERCHANT = "merchant"  # the shop's own code (商家编码)
    PACKAGING = "packaging"  # a pack or case: counts `multiplier` units


class KitMode(StrEnum):
    KIT_BARCODE = "kit_barcode"  # scanning the kit counts every component
    EACH_COMPONENT = "each_component"


VIRTUAL_SUPPLIER = "@supplier"
VIRTUAL_CUSTOMER = "@customer"
VIRTUAL_ADJUSTMENT = "@adjustment"
VIRTUAL_SCRAP = "@scrap"
VIRTUAL_LOCATIONS: tuple[str, ...] = (
    VIRTUAL_SUPPLIER,
    VIRTUAL_CUSTOMER,
    VIRTUAL_ADJUSTMENT,
    VIRTUAL_SCRAP,
)

# ASCII only: int() would accept ' 12\n', '1_000', '١٢' and '１２' (DESIGN.md section 6).
_QTY = re.compile(r"[0-9]{1,9}")
_CODE = re.compile(r"[A-Za-z0-9@][A-Za-z0-9@._/\-]{0,63}")


def parse_quantity(text: str, *, allow_zero: bool = False) -> int:
    if not _QTY.fullmatch(text):
        raise InvalidQuantity(value=text)
    value = int(text)
    if value == 0 and not allow_zero:
        raise InvalidQuantity(value=text)
    return value


def phone_tail(phone: str) -> str:
    """The last four ASCII digits of a phone number (a masked 138****5678 too), what a
    buyer reads out to customer service; "" when there are fewer."""
    digits = [ch for ch in phone if "0" <= ch <= "9"]
    return "".join(digits[-4:]) if len(digits) >= 4 else ""


def is_valid_code(text: str) -> bool:
    """SKU, location, badge and order codes: printable ASCII, no spaces, at most 64."""
    return bool(_CODE.fullmatch(text))


@dataclass(frozen=True)
class Sku:
    code: str
    name_zh: str
    name_en: str
    spec: str = ""
    unit_weight_g: int = 0
    is_kit: bool = False
    kit_mode: KitMode = KitMode.KIT_BARCODE
    requires_lot: bool = False
    requires_serial: bool = False
    unit_price_cents: int = 0
    active: bool = True
    spec_en: str = ""  # last, so positional construction keeps meaning what it did
    # Days a unit must still keep before it expires when it is received (允收期); None: the
    # station's [receiving] min_shelf_days.
    min_shelf_days: int | None = None

    def name(self, language: str) -> str:
        if language.startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    def spec_in(self, language: str) -> str:
        """`spec` is the Chinese (shop) text; either stands in when the other is empty."""
        if language.startswith("zh"):
            return self.spec or self.spec_en
        return self.spec_en or self.spec


@dataclass(frozen=True)
class Barcode:
    code: str
    sku_code: str
    kind: BarcodeKind = BarcodeKind.PRODUCT
    multiplier: int = 1


@dataclass(frozen=True)
class KitComponent:
    kit_code: str
    component_code: str
    qty: int


@dataclass(frozen=True)
class Location:
    code: str
    kind: LocationKind
    walk_order: int = 0
    zone: str = ""
    frozen: bool = False
    station_id: str | None = None

    @property
    def is_virtual(self) -> bool:
        return self.kind is LocationKind.VIRTUAL


@dataclass(frozen=True)
class Operator:
    badge: str
    name: str
    roles: frozenset[Role]
    pin_hash: str | None = None
    active: bool = True
    failed_pins: int = 0
    locked: bool = False
    # When the last wrong PIN in the current run was typed: a supervisor's or admin's next
    # try waits longer after each one (they are never locked out, see operators._check_pin).
    last_wrong_pin_at: datetime | None = None

    def has_role(self, role: Role) -> bool:
        # Admins and supervisors may do every floor job: they cover absent staff.
        if role in self.roles:
            return True
        return bool(self.roles & {Role.ADMIN, Role.SUPERVISOR}) and role is not Role.ADMIN


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    sku_code: str
    qty: int
    is_gift: bool = False
    kit_code: str | None = None  # set on component lines expanded from a kit


@dataclass
class Order:
    order_no: str
    platform: str
    shop: str
    status: OrderStatus
    lines: list[OrderLine] = field(default_factory=list)
    platform_order_no: str = ""
    buyer: str = ""
    courier: str = ""
    waybill: str = ""
    # Where the parcel goes, as the shop's export gives it (masked phones included): the
    # order desk finds an order by the phone's last four digits and shows the address.
    receiver: str = ""
    phone: str = ""
    address: str = ""
    buyer_remark: str = ""
    seller_remark: str = ""
    paid_at: datetime | None = None
    priority: int = 0
    merged_from: str = ""
    hold_reason: str = ""
    version: int = 1
    archived_at: datetime | None = None  # read-only from then on (the database refuses)
    imported_at: datetime | None = None  # when it came in: imported or typed in
    refunded_at: datetime | None = None  # when the shop refunded the buyer (orders/refunds.py)

    def transition(self, target: OrderStatus) -> None:
        check_transition(self.status, target)
        self.status = target

    @property
    def has_remarks(self) -> bool:
        return bool(self.buyer_remark.strip() or self.seller_remark.strip())

    def quantities(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for line in self.lines:
            totals[line.sku_code] = totals.get(line.sku_code, 0) + line.qty
        return totals


class MoveReason(StrEnum):
    RECEIPT = "receipt"
    PUTAWAY = "putaway"
    TRANSFER = "transfer"
    PICK = "pick"
    SHIP = "ship"
    HANDOVER = "handover"
    RETURN = "return"
    QUARANTINE = "quarantine"
    COUNT_ADJUSTMENT = "count_adjustment"
    SCRAP = "scrap"
    OPENING_BALANCE = "opening_balance"
    REVERSAL = "reversal"
    SHORT_PICK = "short_pick"  # a picker found fewer: the missing units leave the bin


@dataclass(frozen=True)
class StockMove:
    """One change of stock. Never updated or deleted; corrected by a reversal."""

    move_id: str
    sku_code: str
    qty: int
    from_location: str
    to_location: str
    reason: MoveReason
    reference: str = ""
    operator: str = ""
    station_id: str = ""
    scan_id: str | None = None
    at: datetime | None = None
    reverses: str | None = None

    def validate(self) -> None:
        if self.qty <= 0:
            raise InvalidMove(why="qty", move_id=self.move_id)
        if self.from_location == self.to_location:
            raise InvalidMove(why="same_location", move_id=self.move_id)
        if not self.sku_code or not self.move_id:
            raise InvalidMove(why="missing", move_id=self.move_id)

    def reversal(self, move_id: str, operator: str, station_id: str) -> StockMove:
        return replace(
            self,
            move_id=move_id,
            from_location=self.to_location,
            to_location=self.from_location,
            reason=MoveReason.REVERSAL,
            reference=self.move_id,
            operator=operator,
            station_id=station_id,
            scan_id=None,
            at=None,
            reverses=self.move_id,
        )


@dataclass(frozen=True)
class StockLevel:
    sku_code: str
    location: str
    on_hand: int
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class AuditEvent:
    action: str
    operator: str
    station_id: str
    subject: str = ""
    detail: str = ""
    at: datetime | None = None
