"""The kiosk's screens: made by the app with its context, they post messages up to it."""
