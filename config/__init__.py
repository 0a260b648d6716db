"""Settings of frontdesk: the TOML file, its defaults and its validation."""

from config.loader import (
    CONFIG_ENV,
    ConfigError,
    load_or_exit,
    load_settings,
    settings_from_mapping,
)
from config.settings import (
    LANGUAGE_NAMES,
    Closure,
    DayHours,
    Need,
    PrinterSettings,
    Service,
    Settings,
)

__all__ = [
    "CONFIG_ENV",
    "LANGUAGE_NAMES",
    "Closure",
    "ConfigError",
    "DayHours",
    "Need",
    "PrinterSettings",
    "Service",
    "Settings",
    "load_or_exit",
    "load_settings",
    "settings_from_mapping",
]
