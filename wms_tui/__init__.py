"""wms-tui: the warehouse station terminal."""

__version__ = "0.1.0"
