"""Translations of what visitors read: gettext catalogs kept as `.po` files.

The catalogs live in `i18n/locale/<lang>/LC_MESSAGES/frontdesk.po` and are maintained
with Babel's tools (`pybabel extract`/`update`, see the README). They are compiled in
memory when first used, so no binary `.mo` file is committed or can go stale.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the `.pot` template and each language's `.po` catalog live."""
DOMAIN = "frontdesk"
"""The gettext domain of every catalog."""

Translate = Callable[[str], str]
"""A function from an English message to the same message in one language."""


@lru_cache(maxsize=32)
def _catalog(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    # Imported here: English needs no catalog, and a kiosk starts in English faster.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language` (`.gettext`, `.ngettext`); English when it has none."""
    return _catalog(language)


def translator(language: str) -> Translate:
    """The gettext function for `language`; English (the source) when it has no catalog."""
    return _catalog(language).gettext
