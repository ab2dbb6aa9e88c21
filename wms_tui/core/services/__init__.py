"""Use cases: each runs one step inside one unit of work."""
