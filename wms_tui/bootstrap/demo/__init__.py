"""The demo warehouse: realistic, deterministic, built through the services, idempotent."""

from wms_tui.bootstrap.demo.build import build_demo, demo_barcode_items, demo_operators
from wms_tui.bootstrap.demo.files import demo_files
from wms_tui.bootstrap.demo.plan import PINS, DemoInfo, DemoOperator

__all__ = [
    "PINS",
    "DemoInfo",
    "DemoOperator",
    "build_demo",
    "demo_barcode_items",
    "demo_files",
    "demo_operators",
]
