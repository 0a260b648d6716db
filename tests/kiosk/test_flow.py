"""A visitor at the kiosk, tap by tap: what they see and what the queue then holds."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from i18n.speech import Speaker
from kiosk.draft import CheckInDraft
from kiosk.messages import PrintWatched
from kiosk.screens.dialogs import (
    InterpreterDialog,
    LanguageDialog,
    MessageDialog,
    StillThereDialog,
)
from kiosk.screens.flow import ConfirmScreen, NeedsScreen, OnlineScreen, ServiceScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from kiosk.widgets.keyboard import key_id
from kiosk.widgets.qr import QrCode
from models.enums import PrintJobStatus
from models.tables import Alert, AlertKind, PrintJob, Visit
from models.views import TicketFacts
from tests.conftest import london
from tests.kiosk.harness import (
    SIZE,
    build,
    kiosk_settings,
    ready,
    rows,
    screen_text,
    tap,
    tickets_written,
    wait_until,
)


async def test_general_enquiry_without_needs_is_four_taps(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # Each tap leads to the next step; the fourth shows the ticket, none more needed.
        steps = [
            ("#check-in", ServiceScreen),
            ("#service-general", NeedsScreen),
            ("#no-thanks", ConfirmScreen),
            ("#confirm", TicketScreen),
        ]
        for selector, then in steps:
            assert not isinstance(app.screen, TicketScreen)
            await tap(pilot, selector)
            await wait_until(pilot, lambda then=then: isinstance(app.screen, then))
        text = screen_text(app)
        assert "A001" in text
        assert "General enquiry" in text
        assert "You are next." in text
        assert "We aim to see you by 10:15." in text
        assert app.screen.query_one("#ticket-qr", QrCode).payload
        await wait_until(pilot, lambda: "Please take your ticket" in screen_text(app))
    (visit,) = rows(app, Visit)
    assert (visit.ticket, visit.service_code, visit.needs, visit.name) == (
        "A001",
        "general",
        [],
        None,
    )
    assert len(tickets_written(tmp_path)) == 1
    assert app.errors == []


@pytest.mark.parametrize(
    "need",
    [
        "step-free",
        "hearing-loop",
        "bsl",
        "interpreter",
        "large-print",
        "private-room",
        "seat",
        "other",
    ],
)
async def test_each_need_is_recorded_and_alerts_staff(tmp_path: Path, need: str) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        assert isinstance(app.screen, NeedsScreen)
        await tap(pilot, f"#need-{need}")
        if need == "interpreter":
            await wait_until(pilot, lambda: isinstance(app.screen, InterpreterDialog))
            await tap(pilot, "#interpret-2")  # Română
            assert "✓ Spoken-language interpreter: Română (Romanian)" in screen_text(app)
        await tap(pilot, "#next")
        assert isinstance(app.screen, ConfirmScreen)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    (visit,) = rows(app, Visit)
    assert visit.needs == [need]
    assert visit.interpreter_language == ("Română" if need == "interpreter" else None)
    (alert,) = rows(app, Alert)
    assert alert.kind == AlertKind.NEEDS and alert.visit_id == visit.id


async def test_needs_toggle_off_again(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        await tap(pilot, "#need-seat")
        await tap(pilot, "#need-bsl")
        await tap(pilot, "#need-seat")
        await tap(pilot, "#next")
        assert "Help: BSL interpreter" in screen_text(app)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    assert rows(app, Visit)[0].needs == ["bsl"]


async def test_name_is_typed_on_the_keyboard_and_stored_cleaned(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks"):
            await tap(pilot, selector)
        for key in ("Z", "O", "E", "space", "page"):
            await tap(pilot, f"#{key_id(key)}")
        await tap(pilot, f"#{key_id('Ł')}")
        await pilot.press("u", "k", "a", "s", "z", "space", "space")
        assert "Name: Zoe Łukasz" in screen_text(app)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        # Thanked, but not by name: the next person in the queue can read this screen.
        assert "Thank you" in screen_text(app)
        assert "Zoe" not in screen_text(app) and "Łukasz" not in screen_text(app)
    assert rows(app, Visit)[0].name == "Zoe Łukasz"


async def test_a_service_with_an_online_link_offers_it_as_a_qr_code(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-council-tax")
        assert isinstance(app.screen, OnlineScreen)
        url = "https://www.cambridgeshire.gov.uk/council-tax"
        assert app.screen.query_one("#online-qr", QrCode).payload == url
        assert url in screen_text(app)
        await tap(pilot, "#next")
        assert isinstance(app.screen, NeedsScreen)
        await tap(pilot, "#no-thanks")
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert "C001" in screen_text(app)


async def test_enter_goes_forward_on_the_online_offer_as_on_every_step(tmp_path: Path) -> None:
    # A visitor using the keyboard (or a switch) presses Enter on each screen's focused
    # control: on the online offer that must be "Continue to the queue", not Back.
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#check-in")
        app.screen.query_one("#service-council-tax").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OnlineScreen))
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "next"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NeedsScreen))


async def test_back_goes_one_step_and_start_again_forgets_everything(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        await tap(pilot, "#need-bsl")
        await tap(pilot, "#back")
        assert isinstance(app.screen, ServiceScreen)
        await tap(pilot, "#service-housing")
        await tap(pilot, "#next")
        await pilot.press(*"Ann")
        await tap(pilot, "#start-again")
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 1
        assert app.draft.needs == [] and app.draft.name is None


async def test_start_again_keeps_the_visitors_language_and_display_choices(
    tmp_path: Path,
) -> None:
    # Start again mid-visit is the same person beginning again: their answers go, but
    # not the language and display they chose. Done and the idle timeout end the
    # visitor: the next person finds the kiosk as configured.
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    app.speaker = Speaker(player=("true",))  # read aloud, into no loudspeaker

    def chosen() -> tuple[str, bool, bool, bool]:
        context = app.context
        return (context.language, context.large_text, context.high_contrast, context.read_aloud)

    async def choose_polish_large_contrast_and_speech(pilot: Any) -> None:
        for selector in ("#language-pl", "#large-text", "#high-contrast", "#read-aloud"):
            await tap(pilot, selector)
        assert chosen() == ("pl", True, True, True)

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await choose_polish_large_contrast_and_speech(pilot)
        for selector in ("#check-in", "#service-housing", "#need-bsl", "#next"):
            await tap(pilot, selector)
        await pilot.press(*"Ann")
        assert app.draft.needs == ["bsl"] and app.draft.name == "Ann"
        await tap(pilot, "#start-again")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert chosen() == ("pl", True, True, True)
        assert app.theme == "frontdesk-contrast" and app.screen.has_class("-large-text")
        await wait_until(pilot, lambda: "Dotknij, aby się zarejestrować" in screen_text(app))
        assert "Większy tekst: włączony" in screen_text(app)
        # Nothing of the first try is kept: the needs start unticked.
        assert app.draft.needs == [] and app.draft.service_code is None
        assert app.draft.name is None
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        assert isinstance(app.screen, NeedsScreen) and "✓" not in screen_text(app)
        # Done: the next person gets English, standard text, no speech.
        for selector in ("#no-thanks", "#confirm"):
            await tap(pilot, selector)
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        await tap(pilot, "#done")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert chosen() == ("en", False, False, False)
        assert app.theme == "frontdesk" and not app.screen.has_class("-large-text")
        await wait_until(pilot, lambda: "Touch to check in" in screen_text(app))
        # The idle timeout too: whoever walked away is gone.
        await choose_polish_large_contrast_and_speech(pilot)
        for selector in ("#check-in", "#service-housing"):
            await tap(pilot, selector)
        clock.advance(61)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereDialog))
        clock.advance(31)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert chosen() == ("en", False, False, False)
        assert app.theme == "frontdesk" and not app.screen.has_class("-large-text")


async def test_help_now_alerts_staff_and_reassures_the_visitor(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#help-now")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "Help is on its way" in screen_text(app)
        await tap(pilot, "#ok")
        assert isinstance(app.screen, WelcomeScreen)
    (alert,) = rows(app, Alert)
    assert alert.kind == AlertKind.HELP_NOW and alert.acknowledged_at is None


async def test_help_tapped_again_while_staff_are_being_told_gives_one_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow database: each tap used to start its own call and stack its own dialog,
    # so the visitor had to dismiss "Help is on its way" once per tap.
    from models import api

    slow = threading.Event()
    ask = api.ask_for_help

    def slow_ask(*args: Any, **kwargs: Any) -> Any:
        slow.wait(5)
        return ask(*args, **kwargs)

    monkeypatch.setattr(api, "ask_for_help", slow_ask)
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for _ in range(3):
            await pilot.click("#help-now")
            await pilot.pause(0.3)  # past the button's press effect, so each tap counts
        slow.set()
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        await pilot.pause(0.5)  # any further answers would have arrived by now
        assert sum(isinstance(s, MessageDialog) for s in app.screen_stack) == 1
        await tap(pilot, "#ok")
        assert isinstance(app.screen, WelcomeScreen)
    (alert,) = rows(app, Alert)
    assert alert.kind == AlertKind.HELP_NOW


async def test_polish_visitor_sees_polish(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#language-pl")
        assert "Dotknij, aby się zarejestrować" in screen_text(app)
        await tap(pilot, "#check-in")
        assert "W jakiej sprawie przychodzisz?" in screen_text(app)
        assert "Sprawy ogólne" in screen_text(app)
        await tap(pilot, "#service-general")
        await tap(pilot, "#no-thanks")
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert "Twój numer to" in screen_text(app)
        await tap(pilot, "#done")
        assert "Touch to check in" in screen_text(app)  # the next visitor starts in English
    assert rows(app, Visit)[0].language == "pl"


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (london(2026, 11, 27, 16, 31), "We open again on Monday 30 November at 09:00."),
        (london(2026, 8, 31, 11, 0), "Late Summer Bank Holiday"),
        (london(2026, 11, 28, 12, 0), "We open again on Monday 30 November at 09:00."),
    ],
)
async def test_closed_screen_outside_hours_and_on_bank_holidays(
    tmp_path: Path, moment, words: str
) -> None:
    app, _ = build(tmp_path, now=moment)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ClosedScreen)
        text = screen_text(app)
        assert "We are closed" in text and words in text
        assert "https://www.cambridgeshire.gov.uk" in text and "0345 045 5200" in text
        assert app.screen.query_one("#website-qr", QrCode).payload.startswith("https://")
        assert not app.screen.query("#check-in")


async def test_friday_1629_is_open_and_the_last_entry_warning_shows(tmp_path: Path) -> None:
    app, _ = build(tmp_path, now=london(2026, 11, 27, 16, 29))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "we close soon" in screen_text(app)
        for selector in ("#check-in", "#service-general", "#no-thanks"):
            await tap(pilot, selector)
        assert "We close at 16:30. We may not be able to finish your enquiry today." in (
            screen_text(app)
        )


async def test_the_closed_screen_follows_the_clock_within_a_minute(tmp_path: Path) -> None:
    app, clock = build(tmp_path, now=london(2026, 11, 27, 16, 29, 30))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        clock.advance(45)
        app.poll_state()
        await wait_until(pilot, lambda: isinstance(app.screen, ClosedScreen))


async def test_closing_while_a_visitor_confirms_is_explained(tmp_path: Path) -> None:
    app, clock = build(tmp_path, now=london(2026, 11, 27, 16, 28))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks"):
            await tap(pilot, selector)
        clock.advance(180)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "not taking check-ins now" in screen_text(app)
    assert rows(app, Visit) == []


async def test_a_visitor_who_goes_back_while_the_ticket_is_made_still_gets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Confirm's worker makes the check-in; its outcome goes to the app, which is still
    # there when the visitor has left the screen (Back) before the database answered.
    app, _ = build(tmp_path)
    answered = threading.Event()
    make = app.service.check_in

    def slow_check_in(draft: CheckInDraft, language: str) -> TicketFacts:
        answered.wait(10)  # the database is slow to answer today
        return make(draft, language)

    monkeypatch.setattr(app.service, "check_in", slow_check_in)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks", "#confirm", "#back"):
            await tap(pilot, selector)
        assert isinstance(app.screen, NeedsScreen)
        answered.set()
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        ticket = app.screen
        assert isinstance(ticket, TicketScreen) and ticket.issued.ticket == "A001"
    assert len(rows(app, Visit)) == 1


async def test_idle_visitor_is_asked_then_everything_is_cleared(tmp_path: Path) -> None:
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-housing", "#need-bsl", "#next"):
            await tap(pilot, selector)
        await pilot.press(*"Secret")
        clock.advance(59)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        clock.advance(2)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, StillThereDialog)
        assert "Starting again in 30 seconds." in screen_text(app)
        # Continue, again and again: the visitor keeps their answers.
        for _ in range(3):
            clock.advance(25)
            app.check_visitor_idle()
            await pilot.pause()
            assert "Starting again in 5 seconds." in screen_text(app)
            await tap(pilot, "#continue")
            assert isinstance(app.screen, ConfirmScreen)
            assert "Secret" in screen_text(app)
            clock.advance(61)
            app.check_visitor_idle()
            await pilot.pause()
            assert isinstance(app.screen, StillThereDialog)
        clock.advance(31)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 1
        assert "Secret" not in screen_text(app)
        assert app.draft.needs == [] and app.draft.name is None
        # No "back" reaches the last visitor's answers: a new check-in starts empty.
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        assert "bsl" not in app.draft.needs
        await tap(pilot, "#next")
        assert "Secret" not in screen_text(app)
    assert rows(app, Visit) == []


async def test_the_still_there_countdown_is_right_from_the_moment_it_shows(
    tmp_path: Path,
) -> None:
    # The app's once-a-second tick can come before the dialog has drawn itself (a busy
    # kiosk): the countdown it gives must not be lost, nor replaced by the first number.
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-housing"):
            await tap(pilot, selector)
        clock.advance(61)
        app.check_visitor_idle()  # asks
        clock.advance(1)
        app.check_visitor_idle()  # the next tick, before the dialog is drawn
        await wait_until(pilot, lambda: bool(app.screen.query("#countdown")))
        assert isinstance(app.screen, StillThereDialog)
        assert "Starting again in 29 seconds." in screen_text(app)
        await pilot.pause()
        assert "Starting again in 29 seconds." in screen_text(app)


async def test_ticket_screen_returns_to_welcome_by_itself(tmp_path: Path) -> None:
    app, clock = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks", "#confirm"):
            await tap(pilot, selector)
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        await wait_until(pilot, lambda: "Please take your ticket" in screen_text(app))
        clock.advance(app.settings.kiosk.ticket_seconds + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_print_report_that_comes_as_the_visitor_leaves_is_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ticket screen follows its print job from a thread. The printer's answer can
    # come just as the visitor taps Done: the screen has left the stack but Textual has
    # not taken it down yet. Nothing may go wrong, and the failed print must not make
    # the kiosk keep a ticket time for a screen nobody sees.
    app, _ = build(tmp_path, start_spool=False)
    asked = threading.Event()
    answer = threading.Event()
    reported = threading.Event()

    def slow_status(job_id: int) -> str:
        asked.set()
        answer.wait(10)  # the printer is slow to answer
        return PrintJobStatus.FAILED

    monkeypatch.setattr(app.service, "print_job_status", slow_status)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for selector in ("#check-in", "#service-general", "#no-thanks", "#confirm"):
            await tap(pilot, selector)
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        await wait_until(pilot, asked.is_set)
        ticket = app.screen
        post = ticket.post_message

        def post_message(message: Message) -> bool:
            posted = post(message)
            if isinstance(message, PrintWatched):
                reported.set()
            return posted

        def left(screen: object) -> None:
            # The answer comes the moment the ticket screen leaves the stack.
            if screen is not ticket and not answer.is_set():
                answer.set()
                assert reported.wait(10)

        monkeypatch.setattr(ticket, "post_message", post_message)
        app.screen_change_signal.subscribe(app, left)
        await tap(pilot, "#done")
        await wait_until(pilot, lambda: not ticket.is_attached)
        await pilot.pause()
        assert reported.is_set()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.ticket_until is None
        assert app.errors == []


async def test_out_of_paper_says_so_keeps_the_number_and_the_check_in(tmp_path: Path) -> None:
    from tests.printing.fake_printer import FakeNetworkPrinter

    with FakeNetworkPrinter("paper_out") as fake:
        settings = kiosk_settings(
            tmp_path,
            printer={"type": "network", "host": "127.0.0.1", "port": fake.port, "timeout": 1.0},
        )
        app, clock = build(tmp_path, settings=settings)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            for selector in ("#check-in", "#service-general", "#no-thanks", "#confirm"):
                await tap(pilot, selector)
            await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
            await wait_until(pilot, lambda: "out of paper" in screen_text(app), seconds=12)
            text = screen_text(app)
            assert "Sorry, the printer has run out of paper." in text
            # The ticket is kept and printed if the paper comes back in time: the visitor
            # is told, so that a ticket printing later is taken, not left to the next.
            assert (
                "Your ticket may still print in the next few minutes: if it does, please "
                "take it." in text
            )
            assert "Please remember your number: A001." in text
            # The screen says so first; the news then goes on up to the app, which keeps
            # the number up longer. Under load the second step can lag the first.
            ordinary_end = clock() + dt.timedelta(seconds=app.settings.kiosk.ticket_seconds)
            await wait_until(pilot, lambda: app.ticket_until > ordinary_end)
            # The number stays up longer than an ordinary ticket screen.
            clock.advance(app.settings.kiosk.ticket_seconds + 1)
            app.check_visitor_idle()
            await pilot.pause()
            assert isinstance(app.screen, TicketScreen)
            clock.advance(app.settings.kiosk.ticket_seconds_printer_fault)
            app.check_visitor_idle()
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
        (visit,) = rows(app, Visit)
        assert visit.status == "waiting"
        (job,) = rows(app, PrintJob)
        assert job.status == "failed" and "out of paper" in (job.last_error or "")
        assert fake.tickets == b""


@pytest.mark.parametrize(
    ("language", "touch", "question", "ticket_words"),
    [
        ("pt", "Toque para registar a chegada", "Qual é o assunto", "O seu número é"),
        ("lt", "Palieskite, kad užsiregistruotumėte", "Koks Jūsų apsilankymo", "Jūsų bilieto"),
        ("ro", "Atingeți pentru a vă înregistra", "Care este motivul", "Numărul dumneavoastră"),
    ],
)
async def test_every_language_stays_after_the_tap(
    tmp_path: Path, language: str, touch: str, question: str, ticket_words: str
) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        assert touch in screen_text(app)
        await tap(pilot, "#check-in")
        assert question in screen_text(app)
        await tap(pilot, "#service-general")
        assert "Touch" not in screen_text(app) and "Back" not in screen_text(app)
        await tap(pilot, "#no-thanks")
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert ticket_words in screen_text(app)
    assert rows(app, Visit)[0].language == language


async def test_changing_language_midway_keeps_the_answers(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#language-pl")
        await tap(pilot, "#check-in")
        await tap(pilot, "#service-housing")
        await tap(pilot, "#need-seat")
        await tap(pilot, "#next")
        await pilot.press(*"Ann Lee")
        # Polish to Romanian in the language dialog, then one tap back to English.
        await tap(pilot, "#language")
        await tap(pilot, "#language-ro")
        await wait_until(pilot, lambda: "Verificați" in screen_text(app))
        assert "Nume: Ann Lee" in screen_text(app)
        await tap(pilot, "#first-language")
        await wait_until(pilot, lambda: "Please check, then take your ticket" in screen_text(app))
        assert "Name: Ann Lee" in screen_text(app)
        assert "Help: I need to sit / cannot stand to wait" in screen_text(app)
        await tap(pilot, "#back")
        # The screen below follows the language too, with the need still ticked.
        await wait_until(pilot, lambda: "✓ I need to sit" in screen_text(app))
        await tap(pilot, "#next")
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    (visit,) = rows(app, Visit)
    assert (visit.language, visit.name, visit.needs) == ("en", "Ann Lee", ["seat"])


@pytest.mark.parametrize("dialog", ["language", "interpreter"])
async def test_a_dialog_left_open_over_the_flow_is_asked_about_then_cleared(
    tmp_path: Path, dialog: str
) -> None:
    # The language dialog open over Confirm (or the interpreter dialog over Needs) was
    # never asked "Are you still there?": only the top screen counted, and the answers
    # (a name typed on Confirm) stayed on the kiosk for good.
    settings = kiosk_settings(tmp_path, kiosk={"idle_seconds": 60, "still_there_seconds": 30})
    app, clock = build(tmp_path, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if dialog == "language":
            for selector in ("#check-in", "#service-housing", "#no-thanks"):
                await tap(pilot, selector)
            await pilot.press(*"Secret")
            await tap(pilot, "#language")
            open_dialog: type = LanguageDialog
        else:
            for selector in ("#check-in", "#service-housing", "#need-bsl"):
                await tap(pilot, selector)
            await tap(pilot, "#need-interpreter")
            open_dialog = InterpreterDialog
        await wait_until(pilot, lambda: isinstance(app.screen, open_dialog))
        clock.advance(61)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereDialog))
        await wait_until(pilot, lambda: bool(app.screen.query("#continue")))
        await tap(pilot, "#continue")  # still there: back to the dialog, answers kept
        assert isinstance(app.screen, open_dialog)
        assert app.draft.name == "Secret" or "bsl" in app.draft.needs
        clock.advance(61)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereDialog))
        clock.advance(31)
        app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert len(app.screen_stack) == 1
        assert app.draft.name is None and app.draft.needs == []


async def test_a_portuguese_visitor_reads_the_interpreter_languages_in_portuguese(
    tmp_path: Path,
) -> None:
    # They stayed in English ("Arabic العربية"): each is now named in itself and, where
    # that differs, in the visitor's language; the visit keeps the same value for staff.
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await tap(pilot, "#language-pt")
        for selector in ("#check-in", "#service-general", "#need-interpreter"):
            await tap(pilot, selector)
        await wait_until(pilot, lambda: isinstance(app.screen, InterpreterDialog))
        shown = [str(b.label) for b in app.screen.query(".interpret")]
        assert shown[:6] == [
            "Polski (polaco)",
            "Lietuvių (lituano)",
            "Română (romeno)",
            "Português",
            "العربية (árabe)",
            "Bangla (bengali)",
        ]
        assert "Türkçe (turco)" in shown and not any("Arabic" in label for label in shown)
        await tap(pilot, "#interpret-4")
        assert "✓ Intérprete de língua falada: العربية (árabe)" in screen_text(app)
        await tap(pilot, "#next")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Intérprete: العربية (árabe)" in screen_text(app)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
    (visit,) = rows(app, Visit)
    assert visit.interpreter_language == "Arabic العربية"
