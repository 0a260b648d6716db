"""The "not available" screen speaks the visitor's languages as every other screen does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from kiosk.app import KioskApp
from kiosk.screens.unavailable import UnavailableScreen
from tests.kiosk.harness import SIZE, build, tap, wait_until


def language_labels(app: KioskApp) -> dict[str, str]:
    """Each language button's label on the screen shown, by language code."""
    return {
        str(button.id).removeprefix("language-"): str(button.label)
        for button in app.screen.query(".language").results(Button)
    }


async def test_the_language_in_use_is_ticked_on_the_unavailable_screen(tmp_path: Path) -> None:
    # On Welcome and the closed screen the language in use is ticked (and focused); on
    # this one every language looked alike, so nobody could tell which was in use.
    app, _ = build(tmp_path)
    (tmp_path / "kiosk.db").unlink()  # the kiosk cannot open its database
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnavailableScreen))
        await pilot.pause()
        labels = language_labels(app)
        assert labels["en"] == "✓ English"
        assert [code for code, label in labels.items() if label.startswith("✓")] == ["en"]
        assert app.screen.focused is not None and app.screen.focused.id == "language-en"
        await tap(pilot, "#language-pl")
        await wait_until(pilot, lambda: language_labels(app).get("pl") == "✓ Polski")
        labels = language_labels(app)
        assert [code for code, label in labels.items() if label.startswith("✓")] == ["pl"]
        assert app.screen.query_one("#language-pl").has_class("-selected")
        await wait_until(pilot, lambda: getattr(app.screen.focused, "id", None) == "language-pl")
