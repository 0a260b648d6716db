"""The queue: tables, the engine, and the rules every screen calls.

Nothing here imports Textual: the kiosk and the console call these functions and get
plain values back.
"""
