"""A Magnum cluster driver that provisions nothing (local cloud only)."""
