"""The day in figures (衡量标准): records, definitions, tables."""
