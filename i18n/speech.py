"""Speech shared by the kiosk and the waiting-room board: espeak-ng voices, rendering
text to WAV, finding an audio player, and a speaker that never blocks its caller.

No Textual here: both apps use it, and the core packages must not import Textual.
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("frontdesk.speech")

VOICES: dict[str, str] = {
    "en": "en-gb",
    "pl": "pl",
    "pt": "pt",
    "lt": "lt",
    "ro": "ro",
    "cy": "cy",
    "fr": "fr",
    "es": "es",
    "de": "de",
}
"""espeak-ng's voice for each language the kiosk offers (British English, European
Portuguese)."""
PLAYERS: tuple[tuple[str, ...], ...] = (("aplay", "-q"), ("paplay",), ("pw-play",))
"""Audio players tried in order, each given a WAV file's path."""
RATE = 22_050
"""espeak-ng's sample rate."""
SPEAK_SECONDS = 20.0
"""Longest a render or a playback may take before it is given up."""


def spoken_ticket(ticket: str) -> str:
    """A017 as said aloud: "A 17" (espeak-ng would read the zeros one by one)."""
    letter, digits = ticket[:1], ticket[1:]
    return f"{letter} {int(digits)}" if digits.isdigit() else ticket


def render_wav(text: str, language: str, path: Path) -> None:
    """Render `text` with espeak-ng's voice for `language` into the WAV file `path`.

    Raises:
        FileNotFoundError: espeak-ng is not installed.
        subprocess.CalledProcessError: it failed.
    """
    voice = VOICES.get(language, language)
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise FileNotFoundError("espeak-ng is not installed")
    # A fixed argument list, no shell; the text comes after "--" so it is never an option.
    subprocess.run(  # noqa: S603
        [espeak, "-w", str(path), "-v", voice, "--", text],
        check=True,
        capture_output=True,
        timeout=SPEAK_SECONDS,
    )


def find_player() -> tuple[str, ...] | None:
    """The first audio player on the PATH, or None."""
    for command in PLAYERS:
        if shutil.which(command[0]):
            return command
    return None


def speech_problem() -> str | None:
    """Why nothing can be spoken on this machine (for staff), or None when it can."""
    if shutil.which("espeak-ng") is None:
        return "Speech is unavailable: espeak-ng is not installed."
    if find_player() is None:
        return "Speech is unavailable: no audio player (aplay) is installed."
    return None


class Speaker:
    """Says one text at a time on a thread of its own; `say` returns at once.

    A new text replaces any not yet started (a visitor moving on does not want to hear
    every screen they passed), so speech never falls behind the screen.

    Args:
        on_problem: Called once (from the speech thread) with a sentence when speech
            fails; the caller decides who is told.
        player: The command that plays a WAV file; found on the PATH when None.
    """

    def __init__(
        self,
        *,
        on_problem: Callable[[str], None] | None = None,
        player: tuple[str, ...] | None = None,
    ) -> None:
        self.on_problem = on_problem
        self.player = player
        self.problem: str | None = None
        """Why speech failed, once found out."""
        self.spoken: list[tuple[str, str]] = []
        """(language, text) played to the end (tests read it)."""
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def say(self, text: str, language: str) -> None:
        """Speak `text` in `language` soon, instead of anything still waiting."""
        self._drain()
        self._queue.put((language, text))

    def close(self) -> None:
        """Stop after the text being spoken."""
        self._drain()
        self._queue.put(None)

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return
            self._queue.task_done()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._speak(*item)
            except Exception as error:
                log.exception("could not speak")
                self._fail(f"Speech failed ({type(error).__name__}).")
            finally:
                self._queue.task_done()

    def _speak(self, language: str, text: str) -> None:
        if self.problem is not None:
            return
        problem = None if self.player else speech_problem()
        if problem is not None:
            self._fail(problem)
            return
        player = self.player or find_player()
        assert player is not None
        with tempfile.TemporaryDirectory(prefix="frontdesk-speech-") as folder:
            sound = Path(folder) / "speech.wav"
            render_wav(text, language, sound)
            played = subprocess.run(  # noqa: S603 - a player found on the PATH, no shell
                [*player, str(sound)], capture_output=True, timeout=SPEAK_SECONDS, check=False
            )
        if played.returncode != 0:
            self._fail("Speech is unavailable: no audio output was found.")
            return
        self.spoken.append((language, text))

    def _fail(self, sentence: str) -> None:
        if self.problem is not None:
            return
        self.problem = sentence
        log.warning("%s", sentence)
        if self.on_problem is not None:
            self.on_problem(sentence)


def ticket_announcement(language: str, ticket: str, people_ahead: int, target_time: str) -> str:
    """What the kiosk says when the ticket is shown, in `language`, from the catalogs."""
    from i18n import translations

    catalog = translations(language)
    _ = catalog.gettext
    if people_ahead == 0:
        ahead = _("You are next.")
    else:
        ahead = catalog.ngettext(
            "{count} person is ahead of you.", "{count} people are ahead of you.", people_ahead
        ).format(count=people_ahead)
    return " ".join(
        (
            _("Your ticket number is"),
            spoken_ticket(ticket) + ".",
            ahead,
            _("We aim to see you by {time}.").format(time=target_time),
        )
    )
