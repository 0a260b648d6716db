"""Tickets: layout, ESC/POS and PNG rendering, printer connections, the spool."""
