"""The kiosk reads aloud: each language's ticket announcement rendered by espeak-ng, and
the screens say their prompt and the highlighted choice without waiting for the sound."""

from __future__ import annotations

import array
import math
import os
import shutil
import wave
from pathlib import Path

import pytest

from i18n import translations
from i18n.speech import Speaker, render_wav, ticket_announcement
from tests.kiosk.harness import SIZE, build, ready, tap, wait_until
from tests.kiosk.test_lockdown import go_ticket

LANGUAGES = ("en", "pl", "pt", "lt", "ro")
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (./dev test installs it)"
)


def seconds_and_rms(path: Path) -> tuple[float, float]:
    """Length in seconds and root-mean-square level (0-32767) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        samples = array.array("h", reader.readframes(reader.getnframes()))
        seconds = reader.getnframes() / reader.getframerate()
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    return seconds, rms


@needs_espeak
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_languages_ticket_announcement_is_real_speech(tmp_path: Path, language: str) -> None:
    text = ticket_announcement(language, "A017", 3, "10:15")
    if language != "en":
        assert translations(language).gettext("Your ticket number is") in text
    assert "A 17." in text and "10:15" in text
    path = tmp_path / f"{language}.wav"
    render_wav(text, language, path)
    seconds, rms = seconds_and_rms(path)
    # About 12 words: a few seconds at espeak-ng's 175 words a minute, never a blip.
    assert 2.0 < seconds < 20.0, seconds
    assert rms > 500, rms  # not silence


async def test_the_kiosk_says_the_prompt_the_choice_and_the_ticket(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    said: list[tuple[str, str]] = []

    class Recorder(Speaker):
        def say(self, text: str, language: str) -> None:
            said.append((language, text))

    app.speaker = Recorder(player=("true",))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert said == []  # off unless asked for (or configured)
        await tap(pilot, "#read-aloud")
        await wait_until(pilot, lambda: bool(said))
        assert said[-1] == ("en", "Welcome. Open until 17:00. Touch to check in")
        await tap(pilot, "#language-pl")
        await wait_until(pilot, lambda: said[-1][0] == "pl")
        assert "Witamy" in said[-1][1]
        await pilot.press("tab")
        await wait_until(pilot, lambda: said[-1][1] != "")
        app.reset_to_welcome()
        await pilot.pause()
        await tap(pilot, "#read-aloud")
        await go_ticket(pilot)
        announcement = ticket_announcement("en", "H001", 0, "10:15")
        await wait_until(pilot, lambda: said[-1] == ("en", f"{announcement} Done"))
        assert "Your ticket number is H 1. You are next." in announcement


def test_speech_never_blocks_and_says_only_the_latest(tmp_path: Path) -> None:
    slow = tmp_path / "slow-player"
    slow.write_text("#!/bin/sh\nsleep 0.3\n")
    slow.chmod(0o755)
    speaker = Speaker(player=(str(slow),))
    import time

    started = time.monotonic()
    for index in range(20):
        speaker.say(f"screen {index}", "en")
    assert time.monotonic() - started < 0.1  # the caller never waits for the sound
    deadline = time.monotonic() + 15
    while (
        not speaker.spoken or speaker.spoken[-1][1] != "screen 19"
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    if shutil.which("espeak-ng"):
        assert speaker.spoken[-1] == ("en", "screen 19")
        assert len(speaker.spoken) < 20  # screens passed by were not all read out


async def test_the_staff_menu_says_when_speech_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import i18n.speech
    from kiosk.screens.dialogs import StaffMenuDialog
    from tests.kiosk.harness import screen_text
    from tests.kiosk.test_staff_menu import add_receptionist, sign_in

    monkeypatch.setattr(i18n.speech.shutil, "which", lambda name: None)
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        assert "Speech is unavailable: espeak-ng is not installed." in screen_text(app)


async def test_a_failed_playback_is_shown_on_welcome_and_in_the_staff_menu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A machine with espeak-ng and aplay but no sound card: rendering works, playback
    # fails. Only trying to speak finds that out, so the kiosk must remember it.
    from kiosk.screens.dialogs import StaffMenuDialog
    from tests.kiosk.harness import screen_text
    from tests.kiosk.test_staff_menu import add_receptionist, sign_in

    programs = tmp_path / "bin"
    programs.mkdir()
    for name, script in (
        ("espeak-ng", "#!/bin/sh\nexit 0\n"),
        (
            "aplay",
            "#!/bin/sh\necho 'aplay: main:831: audio open error: No such file or directory' >&2\n"
            "exit 1\n",
        ),
    ):
        (programs / name).write_text(script)
        (programs / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}:{os.environ.get('PATH', '')}")
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Read aloud: off" in screen_text(app)
        await tap(pilot, "#read-aloud")
        # Welcome says honestly that it cannot speak, rather than "Read aloud: on".
        await wait_until(pilot, lambda: "Read aloud: unavailable" in screen_text(app))
        assert "Read aloud: on" not in screen_text(app)
        assert app.screen.query_one("#read-aloud").disabled
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        assert "Speech is unavailable: no audio output was found." in screen_text(app)
        # The next visitor is told too: the speaker does not try again.
        app.reset_to_welcome()
        await wait_until(pilot, lambda: "Read aloud: unavailable" in screen_text(app))
