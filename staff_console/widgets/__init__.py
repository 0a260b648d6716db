"""Widgets of the staff console."""
