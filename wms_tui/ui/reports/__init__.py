"""The supervisor's dashboard: the day in figures."""
