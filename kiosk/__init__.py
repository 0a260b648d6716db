"""The check-in kiosk: a locked-down Textual app where visitors join the queue and take a ticket."""
