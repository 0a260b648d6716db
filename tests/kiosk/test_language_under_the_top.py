"""A language changed on Confirm, with every earlier step still on the stack under it.

The tester's defect: a Polish visitor asked for a Romanian interpreter, switched to
English on Confirm, then took the ticket, started again or walked away; the needs
screen under Confirm was drawn again in the new language while it was being taken
down, and the kiosk closed on "Sorry, something went wrong" (the ticket printed but
never shown). Each visit here goes through every step a visitor can stack up (the
service, the online offer, the needs with the interpreter dialog, the language dialog)
and ends each way a visit ends.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n import translations
from kiosk.app import KioskApp
from kiosk.screens.dialogs import InterpreterDialog, LanguageDialog, StillThereDialog
from kiosk.screens.flow import ConfirmScreen, NeedsScreen, OnlineScreen, ServiceScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.welcome import WelcomeScreen
from models.tables import Visit
from tests.conftest import Clock
from tests.kiosk.harness import (
    SIZE,
    build,
    kiosk_settings,
    ready,
    rows,
    screen_text,
    tap,
    wait_until,
)

LANGUAGES = ("en", "pl", "pt", "lt", "ro")
ENDINGS = ("ticket", "start-again", "still-there", "back")


def said(language: str, message: str) -> str:
    """`message` as the kiosk says it in `language`."""
    return translations(language).gettext(message)


def interpreter_ticked(app: KioskApp, language: str) -> str:
    """The interpreter tile's start when ticked, in `language` (its name is configured)."""
    (need,) = [n for n in app.settings.needs if n.code == "interpreter"]
    return f"✓ {need.name(language)}"


def following(language: str, steps: int = 1) -> str:
    """Another of the kiosk's languages."""
    return LANGUAGES[(LANGUAGES.index(language) + steps) % len(LANGUAGES)]


async def settled(pilot: object, app: KioskApp) -> None:
    """Give whatever the last tap set going (screens resumed, recomposed) time to run:
    the defect showed a moment after Welcome was back."""
    for _ in range(10):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    assert app.errors == [] and app.is_running


async def choose_language(pilot: object, app: KioskApp, language: str) -> None:
    """ "Language: …", then the language, as a visitor does on a step of the flow."""
    await tap(pilot, "#language")
    await wait_until(pilot, lambda: isinstance(app.screen, LanguageDialog))
    await tap(pilot, f"#language-{language}")
    await wait_until(pilot, lambda: app.context.language == language)


async def finish(pilot: object, app: KioskApp, clock: Clock, ending: str, ticket: str) -> None:
    """End the visit as `ending` says, and check the kiosk got there whole."""
    language = app.context.language
    if ending == "ticket":
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        # The visitor sees their number, in their language.
        await wait_until(pilot, lambda: ticket in screen_text(app))
        await settled(pilot, app)
        assert isinstance(app.screen, TicketScreen) and ticket in screen_text(app)
        return
    if ending == "start-again":
        await tap(pilot, "#start-again")
    elif ending == "still-there":
        clock.advance(app.settings.kiosk.idle_seconds + 1)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereDialog))
        clock.advance(app.settings.kiosk.still_there_seconds + 1)
        app.check_visitor_idle()
    else:
        # Back through every step: each shows the new language, the answers kept.
        await tap(pilot, "#back")
        await wait_until(pilot, lambda: isinstance(app.screen, NeedsScreen))
        ticked = interpreter_ticked(app, language)
        await wait_until(pilot, lambda: ticked in screen_text(app))
        await tap(pilot, "#back")
        await wait_until(pilot, lambda: isinstance(app.screen, OnlineScreen))
        offer = said(language, "You can also do this online")
        await wait_until(pilot, lambda: offer in screen_text(app))
        await tap(pilot, "#back")
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceScreen))
        question = said(language, "What is your visit about?")
        await wait_until(pilot, lambda: question in screen_text(app))
        await tap(pilot, "#start-again")
    await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
    await settled(pilot, app)
    assert len(app.screen_stack) == 1
    # Start again keeps the visitor's language; the idle timeout is for the next person.
    welcome_in = "en" if ending == "still-there" else language
    touch = said(welcome_in, "Touch to check in")
    await wait_until(pilot, lambda: touch in screen_text(app))
    assert app.draft.needs == [] and app.draft.interpreter_language is None


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("start", LANGUAGES)
async def test_a_language_changed_on_confirm_over_every_step(
    tmp_path: Path, start: str, ending: str
) -> None:
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    on_needs, on_confirm = following(start), following(start, 2)
    other = LANGUAGES.index(start) % 2 == 1  # "Other (staff will ask)" for every other
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if start != "en":
            await tap(pilot, f"#language-{start}")
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-council-tax")
        assert isinstance(app.screen, OnlineScreen)
        await tap(pilot, "#next")
        assert isinstance(app.screen, NeedsScreen)
        await tap(pilot, "#need-interpreter")
        await wait_until(pilot, lambda: isinstance(app.screen, InterpreterDialog))
        await tap(pilot, "#interpret-other" if other else "#interpret-2")  # or Română
        await wait_until(pilot, lambda: isinstance(app.screen, NeedsScreen))
        # A first change of language with the needs on top, the interpreter ticked...
        await choose_language(pilot, app, on_needs)
        ticked = interpreter_ticked(app, on_needs)
        await wait_until(pilot, lambda: ticked in screen_text(app))
        await tap(pilot, "#next")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        # ... and another on Confirm, with Service, Online and Needs underneath.
        await choose_language(pilot, app, on_confirm)
        check = said(on_confirm, "Please check, then take your ticket")
        await wait_until(pilot, lambda: check in screen_text(app))
        assert [type(s) for s in app.screen_stack] == [
            WelcomeScreen,
            ServiceScreen,
            OnlineScreen,
            NeedsScreen,
            ConfirmScreen,
        ]
        await settled(pilot, app)
        await finish(pilot, app, clock, ending, "C001")
    visits = rows(app, Visit)
    if ending == "ticket":
        (visit,) = visits
        assert (visit.language, visit.needs) == (on_confirm, ["interpreter"])
        assert visit.interpreter_language == (None if other else "Română")
    else:
        assert visits == []


@pytest.mark.parametrize("ending", ["ticket", "start-again", "still-there"])
async def test_the_testers_polish_visitor_with_a_romanian_interpreter(
    tmp_path: Path, ending: str
) -> None:
    # As reported: Polski on Welcome, general enquiry, interpreter Română, Dalej, then
    # the one-tap "English" on Confirm.
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#language-pl")
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-general")
        await tap(pilot, "#need-interpreter")
        await wait_until(pilot, lambda: isinstance(app.screen, InterpreterDialog))
        await tap(pilot, "#interpret-2")
        await wait_until(pilot, lambda: "Română" in screen_text(app))
        await tap(pilot, "#next")
        assert isinstance(app.screen, ConfirmScreen)
        await tap(pilot, "#first-language")
        await wait_until(pilot, lambda: "Please check, then take your ticket" in screen_text(app))
        await finish(pilot, app, clock, ending, "A001")
