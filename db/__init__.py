"""Storage: SQLAlchemy 2 typed models, Alembic migrations, the stock ledger and the unit of work.

Implements the ports of `wms_tui.core.ports`; nothing here knows about the UI or the devices.
"""
