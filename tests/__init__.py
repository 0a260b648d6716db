"""frontdesk's test suite."""
