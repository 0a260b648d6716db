"""Spoken calls: each language's call from the catalogs, rendered by espeak-ng to real audio."""

from __future__ import annotations

import array
import shutil
import wave
from pathlib import Path

import pytest

from config.settings import BoardSettings
from display.speech import (
    Announcement,
    Announcer,
    call_languages,
    call_text,
    join_wavs,
    render_wav,
    spoken_ticket,
)
from i18n import translations
from tests.board.harness import board_settings

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (./dev test installs it)"
)


def test_the_call_is_the_catalogs_sentence_in_each_language() -> None:
    settings = board_settings()
    for language in settings.languages:
        template = translations(language).gettext("Ticket {ticket}, please go to {desk}.")
        if language != "en":
            assert template != "Ticket {ticket}, please go to {desk}.", language
        desk = settings.desk("Desk 2").spoken_name(language)
        assert call_text(settings, "A017", "Desk 2", language) == template.format(
            ticket="A 17", desk=desk
        )
    assert call_text(settings, "A017", "Desk 2", "pl") == (
        "Numer A 17, proszę podejść do stanowiska numer 2."
    )
    # A desk without spoken names is said by its sign.
    assert call_text(settings, "H003", "Housing room", "en") == "Ticket H 3, please go to Room 3."


def test_the_call_is_in_the_offices_language_then_the_visitors() -> None:
    settings = board_settings()
    assert call_languages(settings, "pl") == ("en", "pl")
    assert call_languages(settings, "en") == ("en",)
    assert call_languages(settings, "xx") == ("en",)
    assert spoken_ticket("A017") == "A 17" and spoken_ticket("B100") == "B 100"


def loudness(path: Path) -> tuple[float, float]:
    """Seconds of audio and the peak sample (0-32767) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = reader.readframes(reader.getnframes())
        seconds = reader.getnframes() / reader.getframerate()
    samples = array.array("h", frames)
    return seconds, max(abs(s) for s in samples)


@needs_espeak
@pytest.mark.parametrize("language", ["en", "pl", "pt", "lt", "ro"])
def test_each_languages_call_renders_to_audible_speech(language: str, tmp_path: Path) -> None:
    settings = board_settings()
    text = call_text(settings, "A017", "Desk 2", language)
    path = tmp_path / f"{language}.wav"
    render_wav(text, language, path)
    seconds, peak = loudness(path)
    # A sentence of about ten words: between one and a half and eight seconds, and loud.
    assert 1.5 < seconds < 8, seconds
    assert peak > 3000, peak
    # With the chime before it the call gets longer and stays a valid WAV file.
    joined = tmp_path / "joined.wav"
    joined.write_bytes(join_wavs([path]))
    assert loudness(joined)[0] > seconds + 0.8


@needs_espeak
def test_without_audio_output_the_board_says_so_once(tmp_path: Path) -> None:
    # A player that fails as aplay does on a machine without a sound card.
    player = tmp_path / "player"
    player.write_text(
        "#!/bin/sh\necho 'aplay: main:831: audio open error: No such file' >&2\nexit 1\n"
    )
    player.chmod(0o755)
    told: list[str] = []
    settings = board_settings()
    announcer = Announcer(settings, on_problem=told.append, player=(str(player),))
    for ticket in ("A001", "A002", "A003"):
        announcer.announce(Announcement(ticket=ticket, desk="Desk 1", language="pl"))
    assert announcer.wait_idle(60)
    assert told == ["Sound: no audio output found; calls are shown but not spoken."]
    assert announcer.spoken == []
    announcer.close()


@needs_espeak
def test_calls_are_played_in_order_off_the_screens_thread(tmp_path: Path) -> None:
    played = tmp_path / "played"
    player = tmp_path / "player"
    # A player that records each file's length, like a slow speaker would take time.
    player.write_text(f'#!/bin/sh\nsleep 0.2\nstat -c %s "$1" >> {played}\n')
    player.chmod(0o755)
    told: list[str] = []
    announcer = Announcer(board_settings(), on_problem=told.append, player=(str(player),))
    calls = [Announcement(ticket=f"A00{n}", desk="Desk 1", language="pl") for n in range(1, 4)]
    for call in calls:
        announcer.announce(call)
    # announce() returned at once, long before any audio was rendered or played.
    assert not announcer.spoken
    assert announcer.wait_idle(60)
    assert told == [] and announcer.spoken == calls
    assert len(played.read_text().split()) == 3
    announcer.close()


async def test_a_board_without_espeak_says_so_in_its_status_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.board.harness import THURSDAY_TEN, board, call_next, check_in, database
    from tests.board.test_board import shown, started
    from tests.kiosk.harness import wait_until

    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng, no player
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    app, _ = board(url, settings, board=BoardSettings(name="speaks"))
    async with app.run_test() as pilot:
        await started(pilot)
        call_next(url, settings, "Desk 1", THURSDAY_TEN)
        await wait_until(pilot, lambda: app.sound_problem is not None, seconds=5)
        assert "espeak-ng is not installed" in shown(app)
        assert app.current is not None and app.current.ticket == "A001"  # still shown
