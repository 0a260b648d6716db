"""What every frontdesk app shares: start-up, database health, logging and error handling.

The kiosk, the staff console and the waiting-room board are thin Textual apps on
`appbase.app.FrontdeskApp`. The core (`config`, `i18n`, `models`, `printing`) never
imports this package; this package never imports an app.
"""
