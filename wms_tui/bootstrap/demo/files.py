"""Example import files from the demo warehouse, in the encodings shops really send."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from wms_tui.bootstrap.demo.plan import plan
from wms_tui.core.imports.cells import SHOP_TIMEZONE
from wms_tui.core.model import BarcodeKind, LocationKind, OrderStatus

SKU_HEADER = ["商品编码", "商品名称", "英文名称", "规格", "英文规格", "条码", "条码2", "箱码",
              "箱规", "重量", "单价", "套装明细", "套装模式"]  # fmt: skip
LOCATION_HEADER = ["code", "kind", "zone", "walk_order", "station_id"]
ORDER_HEADER = ["订单号", "平台", "平台单号", "店铺", "买家", "快递公司", "快递单号", "状态",
                "付款时间", "优先级", "买家留言", "卖家备注", "商品编码", "数量", "赠品",
                "合并单号"]  # fmt: skip


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def demo_files(directory: Path, now: datetime | None = None) -> list[Path]:
    """skus.csv (GB18030), locations.csv (UTF-8 with BOM), orders.xlsx: the open orders.

    Pass the `now` the demo was built with and its orders re-import as unchanged.
    """
    directory.mkdir(parents=True, exist_ok=True)
    the_plan = plan(now or datetime.now(UTC), ("PACK-01", "PACK-02"))
    skus = [SKU_HEADER]
    for r in the_plan.skus:
        units = [b.code for b in r.barcodes if b.kind is not BarcodeKind.PACKAGING]
        packs = [b for b in r.barcodes if b.kind is BarcodeKind.PACKAGING]
        price = f"{r.sku.unit_price_cents // 100}.{r.sku.unit_price_cents % 100:02d}"
        kit = ";".join(f"{c.component_code}*{c.qty}" for c in r.components)
        skus.append([
            r.sku.code, r.sku.name_zh, r.sku.name_en, r.sku.spec, r.sku.spec_en,
            *[*units, "", ""][:2],
            packs[0].code if packs else "", str(packs[0].multiplier) if packs else "",
            str(r.sku.unit_weight_g), price, kit, r.sku.kit_mode.value if kit else "",
        ])  # fmt: skip
    locations = [LOCATION_HEADER] + [
        [loc.code, loc.kind.value, loc.zone, str(loc.walk_order), loc.station_id or ""]
        for loc in the_plan.locations
        if loc.kind is not LocationKind.VIRTUAL
    ]
    paths = [directory / "skus.csv", directory / "locations.csv", directory / "orders.xlsx"]
    paths[0].write_bytes(_csv(skus).encode("gb18030"))
    paths[1].write_bytes(_csv(locations).encode("utf-8-sig"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(ORDER_HEADER)
    for p in the_plan.orders:
        if p.target not in (OrderStatus.PENDING, OrderStatus.CONFIRMED):
            continue
        o = p.order
        paid = (
            o.paid_at.astimezone(SHOP_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S") if o.paid_at else ""
        )
        for sku, qty, gift in p.raw_lines:
            sheet.append([
                o.order_no, o.platform, o.platform_order_no, o.shop, o.buyer, o.courier,
                o.waybill, p.target.value, paid, str(o.priority), o.buyer_remark,
                o.seller_remark, sku, str(qty), "是" if gift else "否", o.merged_from,
            ])  # fmt: skip
    workbook.save(paths[2])
    return paths
