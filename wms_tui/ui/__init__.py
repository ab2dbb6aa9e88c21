"""The Textual station app. Knows core and its ports; never db/ or devices/."""
