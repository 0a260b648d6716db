"""The waiting-room board: calls shown large and spoken, queues and opening hours."""
