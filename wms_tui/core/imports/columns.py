"""The columns of each kind of file and the words their cells may hold."""

from __future__ import annotations

from wms_tui.core.imports.table import ImportKind
from wms_tui.core.model import KitMode, LocationKind, OrderStatus

# The accepted headings of each column: ours, then those of the shops' own exports
# (Taobao/Tmall, JD, Pinduoduo, Douyin, 1688) and of the ERPs that re-export them
# (聚水潭, 旺店通, 管易, 万里牛). README.md lists them; any other heading is refused unless
# the operator says to drop it, so a renamed remark column is never lost without a word.
_SKU_CODE = ("sku", "sku_code", "商品编码", "商家编码", "货品编码", "sku编码", "规格编码",
             "商家sku", "单品货号", "商家编码-sku维度", "外部系统编号")  # fmt: skip
COLUMNS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.SKUS: {
        "sku": (*_SKU_CODE, "货号"),
        "name_zh": ("name_zh", "商品名称", "中文名称", "货品名称", "宝贝名称", "品名"),
        "name_en": ("name_en", "英文名称", "英文品名"),
        "spec": ("spec", "规格", "规格名称", "商品规格", "销售属性", "颜色规格"),
        "spec_en": ("spec_en", "英文规格"),
        "barcode": ("barcode", "条码", "条形码", "商品条码", "国际条码", "69码"),
        "barcode2": ("barcode2", "条码2", "副条码"),
        "pack_barcode": ("pack_barcode", "箱码", "箱条码"),
        "pack_qty": ("pack_qty", "箱规", "装箱数"),
        "weight_g": ("weight_g", "重量", "重量(g)", "重量(克)"),
        "price": ("price", "单价", "售价", "零售价"),
        "kit_components": ("kit_components", "套装明细"),
        "kit_mode": ("kit_mode", "套装模式"),
        "min_shelf_days": ("min_shelf_days", "允收天数", "允收期", "允收期(天)", "最短保质期(天)"),
    },
    ImportKind.LOCATIONS: {
        "code": ("code", "location", "库位", "库位编码", "货位", "货位编码"),
        "kind": ("kind", "类型", "库位类型"),
        "zone": ("zone", "区域", "库区"),
        "walk_order": ("walk_order", "拣货顺序", "拣货路径"),
        "station_id": ("station_id", "工作站", "工位"),
    },
    ImportKind.STOCK: {
        "sku": (*_SKU_CODE, "货号"),
        "location": ("location", "库位", "库位编码", "货位", "货位编码"),
        "qty": ("qty", "数量", "库存", "库存数量", "实际库存", "在库数量", "实物库存"),
    },
    ImportKind.ORDERS: {
        "order_no": ("order_no", "订单号", "订单编号", "主订单编号", "内部订单号", "系统订单号"),
        "platform": ("platform", "平台", "来源平台"),
        "platform_order_no": (
            "platform_order_no",
            "平台单号",
            "平台订单号",
            "线上订单号",
            "原始单号",
            "网店订单号",
            "外部订单号",
        ),
        "shop": ("shop", "店铺", "店铺名称", "店铺名", "网店名称"),
        "buyer": (
            "buyer",
            "买家",
            "买家会员名",
            "买家昵称",
            "买家账号",
            "下单帐号",
            "下单账号",
            "客户网名",
        ),
        "courier": ("courier", "快递公司", "物流公司", "承运商"),
        "waybill": ("waybill", "快递单号", "物流单号", "运单号"),
        "status": ("status", "状态", "订单状态"),
        "paid_at": (
            "paid_at",
            "付款时间",
            "订单付款时间",
            "支付时间",
            "支付完成时间",
            "付款日期",
            "付款确认时间",
        ),
        "refunded_at": ("refunded_at", "退款时间", "退款完成时间", "退款日期"),
        "priority": ("priority", "优先级"),
        "buyer_remark": (
            "buyer_remark",
            "买家留言",
            "买家备注",
            "买家附言",
            "客户留言",
            "客户备注",
        ),
        "seller_remark": ("seller_remark", "卖家备注", "商家备注", "客服备注", "订单备注", "备注"),
        "sku": _SKU_CODE,
        "qty": ("qty", "数量", "购买数量", "商品数量", "订购数量", "货品数量", "商品数量(件)"),
        "is_gift": ("is_gift", "赠品", "是否赠品"),
        "merged_from": ("merged_from", "合并单号"),
        "receiver": ("receiver", "收货人", "收货人姓名", "收件人", "收件人姓名"),
        "phone": ("phone", "联系电话", "联系手机", "手机", "收件人手机号", "收货人手机"),
        "address": ("address", "收货地址", "详细地址", "收件地址"),
    },
    ImportKind.PURCHASE_ORDERS: {
        "po_no": ("po_no", "采购单号", "采购订单号", "采购单编号", "po号", "po"),
        "supplier": ("supplier", "供应商", "供应商名称", "厂家"),
        "delivery_note": ("delivery_note", "送货单号", "发货单号", "到货通知单号", "asn"),
        "expected": ("expected", "预计到货日期", "预计到货时间", "到货日期", "交货日期"),
        # A SKU by its code or any of its barcodes: suppliers write what is on the carton.
        "sku": (*_SKU_CODE, "货号", "条码", "商品条码", "69码"),
        "qty": ("qty", "数量", "采购数量", "订购数量"),
        "lot": ("lot", "批次", "批号"),
        "expiry": ("expiry", "有效期至", "有效期", "到期日"),
    },
}
# Headings of the real exports that carry nothing the warehouse keeps (prices, addresses,
# titles): known, so they are dropped without asking; anything else must be named.
_IGNORED_ANY = ("备注说明", "序号", "图片", "创建时间", "修改时间", "更新时间", "仓库", "仓库名称")
IGNORED: dict[ImportKind, frozenset[str]] = {
    ImportKind.SKUS: frozenset(
        (
            *_IGNORED_ANY,
            "品牌",
            "分类",
            "类目",
            "单位",
            "成本价",
            "市场价",
            "批发价",
            "体积",
            "长",
            "宽",
            "高",
            "供应商",
            "商品id",
            "状态",
            "备注",
        )
    ),
    ImportKind.LOCATIONS: frozenset((*_IGNORED_ANY, "容量", "状态", "备注")),
    ImportKind.STOCK: frozenset(
        (
            *_IGNORED_ANY,
            "商品名称",
            "规格",
            "条码",
            "可用数",
            "可用库存",
            "锁定数",
            "占用数",
            "成本价",
            "单位",
            "批次",
            "备注",
        )
    ),
    ImportKind.ORDERS: frozenset(
        (
            *_IGNORED_ANY,
            "省",
            "市",
            "区",
            "街道",
            "用户购买手机号",
            "买家支付宝账号",
            "买家应付货款",
            "买家应付邮费",
            "总金额",
            "买家实际支付金额",
            "订单金额",
            "应付金额",
            "实付金额",
            "实付款(元)",
            "用户实付金额(元)",
            "商家实收金额(元)",
            "商品总价(元)",
            "邮费(元)",
            "运费",
            "商品单价",
            "单价",
            "单价(元)",
            "价格",
            "京东价",
            "优惠总金额",
            "宝贝标题",
            "标题",
            "货品标题",
            "商品名称",
            "选购商品",
            "商品",
            "商品属性",
            "商品规格",
            "规格",
            "型号",
            "单位",
            "宝贝种类",
            "宝贝总数量",
            "订单创建时间",
            "下单时间",
            "订单提交时间",
            "订单成交时间",
            "发货时间",
            "确认收货时间",
            "订单完成时间",
            "承诺发货时间",
            "订单关闭原因",
            "售后状态",
            "退款金额",
            "退款状态",
            "发票抬头",
            "发票类型",
            "发票内容",
            "店铺id",
            "商品id",
            "商品编号",
            "子订单编号",
            "支付方式",
            "运送方式",
            "订单类型",
            "订单来源",
            "样式id",
            "商家编码-商品维度",
            "货号",
            "达人id",
            "达人昵称",
            "旗帜颜色",
            "买家服务费",
            "卖家服务费",
            "是否手机订单",
            "异常信息",
            "买家公司名",
            "物料编号",
        )
    ),
}
IGNORED[ImportKind.PURCHASE_ORDERS] = frozenset(
    (*_IGNORED_ANY, "商品名称", "规格", "单位", "单价", "采购单价", "金额", "采购金额", "备注")
)
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.SKUS: ("sku",),
    ImportKind.LOCATIONS: ("code", "kind"),
    ImportKind.STOCK: ("sku", "location", "qty"),
    ImportKind.ORDERS: ("order_no", "platform", "sku", "qty"),
    ImportKind.PURCHASE_ORDERS: ("po_no", "supplier", "sku", "qty"),
}
# The longest text each column may hold, as the database's columns do (a test compares
# them with db/models.py): checked in validation, so PostgreSQL never refuses a whole file
# over one cell. Codes are held to 64 by `is_valid_code`; remarks are TEXT, kept sane here.
FIELD_LIMITS: dict[str, int] = {
    "name_zh": 200, "name_en": 200, "spec": 200, "spec_en": 200, "zone": 64, "shop": 100,
    "buyer": 200, "merged_from": 500, "buyer_remark": 2000, "seller_remark": 2000,
    "receiver": 100, "phone": 40, "address": 500, "supplier": 100, "lot": 40,
}  # fmt: skip
MAX_QTY = 999_999_999  # nine digits: well inside the database's 32-bit integers

PLATFORMS: dict[str, str] = {
    **{p: p for p in ("taobao", "tmall", "jd", "pdd", "1688", "amazon", "own")},
    **{"淘宝": "taobao", "天猫": "tmall", "京东": "jd", "拼多多": "pdd", "阿里巴巴": "1688"},
    **{"亚马逊": "amazon", "自营": "own", "官网": "own"},
}
IMPORT_STATUSES: dict[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "待审核": OrderStatus.PENDING,
    "confirmed": OrderStatus.CONFIRMED,
    "已审核": OrderStatus.CONFIRMED,
    # What the shops call an order that is paid and waits to be shipped: ours to audit.
    **dict.fromkeys(
        (
            "待发货",
            "已付款",
            "等待卖家发货",
            "买家已付款，等待卖家发货",
            "买家已付款,等待卖家发货",
            "待配货",
        ),
        OrderStatus.PENDING,
    ),
}
LOCATION_KINDS: dict[str, LocationKind] = {
    **{k.value: k for k in LocationKind if k is not LocationKind.VIRTUAL},
    **{"货位": LocationKind.BIN, "收货区": LocationKind.RECEIVING, "打包区": LocationKind.PACKING},
    **{"发货区": LocationKind.DOCK, "退货区": LocationKind.RETURNS},
    **{"隔离区": LocationKind.QUARANTINE, "周转箱": LocationKind.TOTE},
}
KIT_MODES: dict[str, KitMode] = {
    **{m.value: m for m in KitMode},
    **{"整套扫码": KitMode.KIT_BARCODE, "逐件扫码": KitMode.EACH_COMPONENT},
}
FLAGS: dict[str, bool] = {
    **dict.fromkeys(("", "0", "n", "no", "false", "否"), False),
    **dict.fromkeys(("1", "y", "yes", "true", "是", "赠品"), True),
}
