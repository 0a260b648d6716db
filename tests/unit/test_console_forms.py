"""The console's forms are frozen values, and a PIN never shows in one's repr (logs)."""

from __future__ import annotations

import dataclasses

import pytest

from staff_console.forms import NewPin, NewStaff, WalkIn


def test_a_pin_is_never_in_a_form_s_repr() -> None:
    assert "4821" not in repr(NewPin("jb", "4821"))
    assert "4821" not in repr(NewStaff("jb", "Jo Bloggs", "receptionist", "4821"))


def test_forms_cannot_be_changed_after_they_are_sent() -> None:
    form = WalkIn("general", "walk_in", None, ("bsl",), None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.name = "someone else"  # type: ignore[misc]
