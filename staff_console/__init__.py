"""The staff console: the live queue, alerts, opening hours and figures."""
