"""The day in figures: the records they are computed from, read by time."""
