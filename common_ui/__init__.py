"""Textual pieces shared by the apps (the apps never import each other)."""
