"""Larger text is larger: big letters for prompts and choices, and choices in pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from common_ui.bigtext import BigButton, BigLabel
from common_ui.paging import ChoicePages
from kiosk.screens.flow import ConfirmScreen, NeedsScreen, ServiceScreen
from kiosk.widgets.keyboard import OnScreenKeyboard, key_id
from tests.kiosk.harness import (
    build,
    clipped_controls,
    kiosk_settings,
    pages_settled,
    ready,
    tap,
    turn_to,
    wait_until,
)


def shown_tiles(app: Any) -> list[BigButton]:
    return [b for b in app.screen.query(".tile").results(BigButton) if b.display]


async def on_services(pilot: Any) -> ChoicePages:
    await tap(pilot, "#check-in")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ServiceScreen))
    pages = pilot.app.screen.query_one(ChoicePages)
    await wait_until(pilot, lambda: bool(pages.pages))
    await pilot.pause()
    return pages


@asynccontextmanager
async def services_in_large_text(tmp_path: Path, language: str) -> AsyncIterator[Any]:
    """A large-text kiosk at the smallest size (100 x 30), in `language`, on the services."""
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        await on_services(pilot)
        yield pilot


@pytest.mark.parametrize("size", [(100, 30), (160, 50)])
@pytest.mark.parametrize("language", ["en", "pl"])
async def test_services_in_big_letters_a_page_at_a_time(
    tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        assert app.screen.query_one("#check-in", BigButton).shown_big
        pages = await on_services(pilot)
        question = app.screen.query_one(".question", BigLabel)
        # At 100 x 30 the question is ordinary bold text, so that the longest names have
        # the rows for two big lines (the label test sees the question whole).
        assert question.fitted if size == (160, 50) else not question.shown_big
        assert len(pages.pages) > 1, "six services in big letters do not fit one screen"
        seen: list[str] = []
        for number in range(len(pages.pages)):
            tiles = shown_tiles(app)
            assert tiles and all(t.shown_big and t.fitted for t in tiles)
            assert all(t.region.bottom <= size[1] for t in tiles)
            seen += [str(t.id) for t in tiles]
            if number < len(pages.pages) - 1:
                # Keyboard users turn the page too: the focus stays on "More ▸".
                app.screen.query_one("#page-more").focus()
                await pilot.press("enter")
                await pilot.pause(0.25)  # Button ignores a second press within 0.2 s
                assert pages.page == number + 1
        assert seen == [f"service-{s.code}" for s in app.settings.services]
        await tap(pilot, "#page-previous")
        await pilot.pause()
        assert pages.page == len(pages.pages) - 2


async def test_standard_text_shows_every_service_at_once(tmp_path: Path) -> None:
    app, _ = build(tmp_path, settings=kiosk_settings(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pages = await on_services(pilot)
        assert len(pages.pages) == 1
        assert len(shown_tiles(app)) == len(app.settings.services)
        assert not app.screen.query_one(".pager").display
        assert not any(t.shown_big for t in shown_tiles(app))


async def test_a_ticked_need_keeps_its_page_and_stays_whole(tmp_path: Path) -> None:
    from tests.kiosk.harness import clipped_controls

    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await tap(pilot, "#language-pl")
        await on_services(pilot)
        await tap(pilot, "#service-housing")
        await tap(pilot, "#need-seat")
        pages = app.screen.query_one(ChoicePages)
        await pilot.pause(0.1)
        seat = app.screen.query_one("#need-seat", BigButton)
        assert seat.display and "✓" in str(seat.label)
        # Measured again once laid out (a frame or two): whole, and on the same page.
        await pages_settled(pilot)
        assert clipped_controls(app) == []
        assert pages.page == pages.page_of(seat)


@pytest.mark.parametrize("language", ["en", "pl", "pt", "lt", "ro"])
async def test_every_need_in_big_letters_at_the_smallest_size(
    tmp_path: Path, language: str
) -> None:
    # At 100 x 30 the longest needs ("Turiu sėdėti / negaliu laukti stovėdamas") take
    # three lines of the narrower big letters, ticked or not; none falls back to ordinary
    # text.
    async with services_in_large_text(tmp_path, language) as pilot:
        app = pilot.app
        await tap(pilot, "#service-housing")
        await wait_until(pilot, lambda: isinstance(app.screen, NeedsScreen))
        for need in [n.id for n in app.screen.query(".need")]:
            for ticked in (False, True):
                if ticked and need == "need-interpreter":
                    continue  # asks which language in a dialog of its own
                if ticked:
                    await tap(pilot, f"#{need}")
                await turn_to(pilot, f"#{need}")
                tile = app.screen.query_one(f"#{need}", BigButton)
                assert tile.shown_big and tile.fitted, (str(tile.label), ticked)


@pytest.mark.parametrize("language", ["en", "pl", "pt", "lt", "ro"])
async def test_every_service_in_big_letters_at_the_smallest_size(
    tmp_path: Path, language: str
) -> None:
    # At 100 x 30 the choices matter more than the question: "Pre-booked appointment",
    # "Podatek lokalny (Council Tax)" and "Taxa locală (Council Tax)" need two big lines,
    # which they have only when the question gives up its second line of big letters.
    async with services_in_large_text(tmp_path, language) as pilot:
        app = pilot.app
        for service in app.settings.services:
            await turn_to(pilot, f"#service-{service.code}")
            tile = app.screen.query_one(f"#service-{service.code}", BigButton)
            assert tile.display
            assert tile.shown_big and tile.fitted, str(tile.label)


async def on_confirm_in_large_text(pilot: Any, language: str, *, needs: bool = False) -> None:
    """From Welcome to Confirm in `language`, with every need but the interpreter (or
    none), until the big letters are fitted to the screen."""
    app = pilot.app
    await tap(pilot, f"#language-{language}")
    await on_services(pilot)
    await tap(pilot, "#service-housing")
    await wait_until(pilot, lambda: isinstance(app.screen, NeedsScreen))
    if needs:
        for need in [n.id for n in app.screen.query(".need")]:
            if need != "need-interpreter":
                await tap(pilot, f"#{need}")
        await tap(pilot, "#next")
    else:
        await tap(pilot, "#no-thanks")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    await pages_settled(pilot)
    await pilot.pause(0.05)


def assert_name_and_keyboard_usable(app: Any) -> None:
    """The name field and every key of the keyboard are whole on the screen, inside the
    part of the screen between the question and the bottom rows (nothing over them)."""
    screen = app.screen
    body = screen.query_one("#confirm-body").region
    shown = screen.query_one("#summary").region.intersection(body)
    name = screen.query_one("#name").region
    assert shown.contains_region(name), (name, shown)
    keyboard = screen.query_one(OnScreenKeyboard)
    for key in keyboard.query("KeyboardKey"):
        assert body.contains_region(key.region), (str(key.label), key.region, body)
    navigation = screen.query_one("#navigation").region
    assert not navigation.overlaps(body), (navigation, body)


BIG_CONFIRM = [(language, (160, 50)) for language in ("en", "pl", "pt", "lt", "ro")] + [
    (language, (100, 30)) for language in ("en", "pl", "lt")
]


@pytest.mark.parametrize(
    ("language", "size"),
    BIG_CONFIRM,
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else value,
)
async def test_get_my_ticket_in_big_letters(
    tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    # "Get my ticket" on a row of its own, as wide as the screen, above Back, Start again
    # and the language; the name field and the keyboard (which stays its own size: four
    # rows of ten keys would not fit big at 100 x 30) keep their rows.
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await on_confirm_in_large_text(pilot, language)
        button = app.screen.query_one("#confirm")
        assert isinstance(button, BigButton)
        assert button.shown_big and button.fitted, str(button.label)
        if size == (160, 50):
            # The question is big too where there are the rows for it.
            question = app.screen.query_one(".question", BigLabel)
            assert question.shown_big and question.fitted, str(question.content)
        assert clipped_controls(app) == []
        assert_name_and_keyboard_usable(app)
        # The accents' page of the keyboard is taller: still whole, and so is the rest.
        await tap(pilot, f"#{key_id('page')}")
        await pages_settled(pilot)
        await pilot.pause(0.05)
        assert clipped_controls(app) == []
        assert_name_and_keyboard_usable(app)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))


@pytest.mark.parametrize("needs", [False, True], ids=["no needs", "every need"])
@pytest.mark.parametrize("language", ["en", "pl", "pt", "lt", "ro"])
async def test_confirm_falls_back_whole_at_the_smallest_size(
    tmp_path: Path, language: str, needs: bool
) -> None:
    # Where "Get my ticket" does not fit big (Romanian's one line is wider than 100
    # columns; Portuguese's summary, beside its wider keyboard, needs the rows), it is
    # ordinary text in the bottom row, whole; the name field stays in view however long
    # the summary of needs is, and the keyboard stays whole.
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await on_confirm_in_large_text(pilot, language, needs=needs)
        assert clipped_controls(app) == []
        assert_name_and_keyboard_usable(app)
        button = app.screen.query_one("#confirm")
        assert button.region.bottom <= 30
        if not needs and language in ("en", "pl", "lt"):
            assert isinstance(button, BigButton) and button.shown_big


async def test_confirm_is_fitted_again_after_a_resize(tmp_path: Path) -> None:
    # Portuguese: ordinary text in the bottom row at 100 x 30, big at 160 x 50, and so
    # again both ways. Then the ticket is taken at a size the screens under Confirm were
    # not measured at: each is laid out again as it is taken down (a crash, once).
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": "large-text"})
    app, _ = build(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await on_confirm_in_large_text(pilot, "pt")
        button = app.screen.query_one("#confirm", BigButton)
        for size, big in (
            ((100, 30), False),
            ((160, 50), True),
            ((100, 30), False),
            ((160, 50), True),
        ):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
            await pages_settled(pilot)
            await pilot.pause(0.05)
            assert button.shown_big is big and button.has_class("-own-row") is big, size
            assert clipped_controls(app) == [], size
            assert_name_and_keyboard_usable(app)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.3)
        assert not app.errors, app.errors
