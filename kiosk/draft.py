"""What one visitor has chosen so far. Cleared completely for the next visitor."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckInDraft:
    """The answers of the visitor at the kiosk now."""

    service_code: str | None = None
    """The service tile touched."""
    needs: list[str] = field(default_factory=list)
    """Need codes toggled on, in the order touched."""
    interpreter_language: str | None = None
    """The spoken language chosen for an interpreter."""
    interpreter_other: bool = False
    """"Other" was chosen: staff will ask which language."""
    name: str | None = None
    """The optional name: as typed while on the check step, cleaned once confirmed."""

    def toggle_need(self, code: str) -> None:
        """Turn a need on or off (turning the interpreter off forgets its language)."""
        if code in self.needs:
            self.needs.remove(code)
            if code == "interpreter":
                self.interpreter_language = None
                self.interpreter_other = False
        else:
            self.needs.append(code)

    def clear_needs(self) -> None:
        """ "No, thank you": no needs at all."""
        self.needs.clear()
        self.interpreter_language = None
        self.interpreter_other = False
