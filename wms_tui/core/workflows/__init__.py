"""Workflow steps: each takes (unit of work, scan) and says what the scan came to."""
