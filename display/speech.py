"""Spoken calls: a chime, then the call in the office's language and the visitor's.

The text of each call comes from the gettext catalogs; espeak-ng (a Debian package)
renders it to WAV, and the first audio player found (`aplay`, `paplay`, `pw-play`)
plays the chime and the words as one sound. Everything runs on one thread fed by a
queue, so the screen never waits for audio and calls are spoken in the order made.
When espeak-ng, a player or the sound card is missing, the board is told once (its
status line shows it) and the log says so once; calls are still shown.
"""

from __future__ import annotations

import io
import logging
import math
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config.settings import Settings
from i18n import translator

# The voices, rendering and players are shared with the kiosk (i18n.speech).
from i18n.speech import PLAYERS, RATE, SPEAK_SECONDS, VOICES, render_wav, spoken_ticket  # noqa: F401

log = logging.getLogger("frontdesk.board.speech")


def call_text(settings: Settings, ticket: str, desk: str, language: str) -> str:
    """The call in `language`, from the catalog: "A 17, please go to desk 2."."""
    _ = translator(language)
    return _("Ticket {ticket}, please go to {desk}.").format(
        ticket=spoken_ticket(ticket), desk=settings.desk(desk).spoken_name(language)
    )


def call_languages(settings: Settings, visitor_language: str) -> tuple[str, ...]:
    """The office's main language, then the visitor's if it is another enabled one."""
    main = settings.languages[0]
    if visitor_language != main and visitor_language in settings.languages:
        return (main, visitor_language)
    return (main,)


@dataclass(frozen=True)
class Announcement:
    """One call to speak."""

    ticket: str
    """The ticket number, e.g. A017."""
    desk: str
    """The desk's console name (its spoken name comes from the configuration)."""
    language: str
    """The language the visitor chose at the kiosk."""


def chime_frames(rate: int = RATE) -> bytes:
    """Two soft tones (a falling third), 16-bit mono, to turn heads before the words."""
    frames = bytearray()
    for frequency, seconds in ((880.0, 0.25), (698.5, 0.4)):
        count = int(rate * seconds)
        for index in range(count):
            fade = min(1.0, index / 400, (count - index) / 2000)
            value = 0.35 * fade * math.sin(2 * math.pi * frequency * index / rate)
            frames += struct.pack("<h", int(value * 32767))
    frames += bytes(2 * int(rate * 0.2))  # a breath before the words
    return bytes(frames)


def join_wavs(parts: list[Path], *, chime: bool = True) -> bytes:
    """One WAV file's bytes: the chime, then each part with a short pause between."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        if chime:
            writer.writeframes(chime_frames())
        for part in parts:
            with wave.open(str(part), "rb") as reader:
                if (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) != (
                    1,
                    2,
                    RATE,
                ):
                    raise ValueError(f"unexpected WAV format from espeak-ng in {part}")
                writer.writeframes(reader.readframes(reader.getnframes()))
            writer.writeframes(bytes(2 * int(RATE * 0.4)))
    return out.getvalue()


class Announcer:
    """Speaks calls one after another on a thread of its own.

    Args:
        settings: For the desks' spoken names and the office's language.
        on_problem: Called once (from the speech thread) with a sentence for the board's
            status line when calls cannot be heard.
        player: The command that plays a WAV file; found on the PATH when None.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        on_problem: Callable[[str], None],
        player: tuple[str, ...] | None = None,
    ) -> None:
        self.settings = settings
        self.on_problem = on_problem
        self.player = player
        self.spoken: list[Announcement] = []
        """Calls played to the end (tests read it)."""
        self.problem: str | None = None
        """Why calls are not heard, once found out."""
        self._queue: queue.Queue[Announcement | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="board-speech", daemon=True)
        self._thread.start()

    def announce(self, call: Announcement) -> None:
        """Queue a call to speak; returns at once."""
        self._queue.put(call)

    def close(self) -> None:
        """Stop after the call being spoken (the rest are dropped)."""
        while not self._queue.empty():
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)

    def wait_idle(self, seconds: float) -> bool:
        """Wait until every queued call has been dealt with (tests)."""
        done = threading.Event()

        def check() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=check, daemon=True).start()
        return done.wait(seconds)

    def _run(self) -> None:
        while True:
            call = self._queue.get()
            try:
                if call is None:
                    return
                self._speak(call)
            except Exception as error:
                log.exception("could not speak a call")
                self._fail(f"Sound: calls could not be spoken ({type(error).__name__}).")
            finally:
                self._queue.task_done()

    def _speak(self, call: Announcement) -> None:
        if self.problem is not None:
            return
        if shutil.which("espeak-ng") is None:
            self._fail("Sound: espeak-ng is not installed; calls are shown but not spoken.")
            return
        player = self.player or self._find_player()
        if player is None:
            self._fail("Sound: no audio player (aplay) found; calls are shown but not spoken.")
            return
        with tempfile.TemporaryDirectory(prefix="board-speech-") as folder:
            parts = []
            for index, language in enumerate(call_languages(self.settings, call.language)):
                path = Path(folder) / f"{index}.wav"
                text = call_text(self.settings, call.ticket, call.desk, language)
                render_wav(text, language, path)
                parts.append(path)
            sound = Path(folder) / "call.wav"
            sound.write_bytes(join_wavs(parts))
            played = subprocess.run(  # noqa: S603 - a player found on the PATH, no shell
                [*player, str(sound)], capture_output=True, timeout=SPEAK_SECONDS, check=False
            )
        if played.returncode != 0:
            detail = played.stderr.decode(errors="replace").strip().splitlines()
            log.warning("audio player failed: %s", detail[-1] if detail else played.returncode)
            self._fail("Sound: no audio output found; calls are shown but not spoken.")
            return
        self.spoken.append(call)

    def _find_player(self) -> tuple[str, ...] | None:
        for command in PLAYERS:
            if shutil.which(command[0]):
                return command
        return None

    def _fail(self, sentence: str) -> None:
        # Once: the board's status line keeps it, the log has it once.
        if self.problem is not None:
            return
        self.problem = sentence
        log.warning("%s", sentence)
        self.on_problem(sentence)
