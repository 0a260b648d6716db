"""The check-in steps: service, online alternative, needs, name, confirm."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from appbase.failures import is_database_error
from appbase.messages import WorkFailed
from appbase.threads import post_from_worker
from common_ui.bigtext import BigButton, BigLabel, BigTextMixin, give_up_rows
from common_ui.paging import ChoicePages
from config.settings import LANGUAGE_NAMES
from i18n.dates import clock_time
from i18n.languages import interpreter_label
from kiosk.context import KioskContext
from kiosk.draft import CheckInDraft
from kiosk.messages import (
    CheckedIn,
    ClosedMeanwhile,
    ConfirmAsked,
    LanguageChosen,
    NeedsAsked,
    ServiceChosen,
    StartAgain,
)
from kiosk.screens.base import KioskScreen
from kiosk.screens.dialogs import InterpreterChoice, InterpreterDialog, LanguageDialog
from kiosk.service import KioskService
from kiosk.widgets.keyboard import KeyPressed, OnScreenKeyboard, accent_keys
from kiosk.widgets.namefield import NameField
from kiosk.widgets.qr import QrCode
from models.errors import OfficeClosed
from models.text import NAME_MAX_LENGTH, clean_name

INTERPRETER_LANGUAGES = (
    "Polski",
    "Lietuvių",
    "Română",
    "Português",
    "Arabic العربية",
    "Bengali বাংলা",
    "Urdu اردو",
    "Chinese 中文",
    "Русский",
    "Latviešu",
    "Kurdî",
    "Türkçe",
)
"""Spoken languages most asked for, as stored with a visit (staff read them in English:
`i18n.languages`); the kiosk shows each in itself and in the visitor's language
(`interpreter_label`). "Other" lets staff ask."""


def navigation(
    screen: KioskScreen,
    *,
    forward: str | None = None,
    forward_id: str = "next",
    big_forward: bool = False,
) -> Horizontal:
    """The row every step ends with: Back, Start again, the language, and the way on.

    The language can be changed at any step without losing what was chosen or typed;
    a visitor who chose another language has a one-tap way back to English. A
    `big_forward` way on is a BigButton on a row of its own above the others in large
    text (class "-own-row"; the screen takes the class away where it does not fit).
    """
    _ = screen._
    buttons = step_buttons(screen)
    if forward is not None and big_forward:
        buttons.append(
            BigButton(forward, id=forward_id, variant="primary", max_lines=2, classes="-own-row")
        )
    elif forward is not None:
        buttons.append(Button(forward, id=forward_id, variant="primary"))
    return Horizontal(*buttons, id="navigation")


def step_buttons(screen: KioskScreen) -> list[Button]:
    """What every step's bottom row starts with: Back, Start again and the language."""
    _ = screen._
    buttons = [Button(_("Back"), id="back"), Button(_("Start again"), id="start-again")]
    buttons.extend(language_buttons(screen))
    return buttons


def language_buttons(screen: KioskScreen) -> list[Button]:
    """ "Language: Polski" (opens the choice of languages) and, when not in English, "English"."""
    context = screen.context
    languages = context.settings.languages
    if len(languages) < 2:
        return []
    own_name = LANGUAGE_NAMES.get(context.language, context.language)
    buttons = [
        Button(
            Text(screen._("Language: {language}").format(language=own_name)),
            id="language",
            classes="language-choice",
        )
    ]
    first = languages[0]
    if context.language != first:
        buttons.append(
            Button(LANGUAGE_NAMES.get(first, first), id="first-language", classes="language-choice")
        )
    return buttons


def choice_pages(screen: KioskScreen, question: BigLabel | None = None) -> ChoicePages:
    """Where a step's choices go: a page at a time when they do not all fit (large text).

    Given the step's `question`, that is drawn smaller when a choice would otherwise be
    ordinary text for want of rows: the choices matter more than the question.
    """
    return ChoicePages(
        more=screen._("More"),
        previous=screen._("Previous"),
        make_room=question.give_up_a_line if question is not None else None,
        id="choices",
    )


class FlowScreen(KioskScreen):
    """A step of the flow: Back goes one step back, Start again clears every answer.

    Start again keeps the visitor's language and display choices: it is the same person.
    """

    ASKS_IF_STILL_THERE = True

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#start-again")
    def _start_again(self) -> None:
        self.post_message(StartAgain(same_visitor=True))

    @on(Button.Pressed, "#language")
    def _choose_language(self) -> None:
        self.keep_entries()
        self.app.push_screen(LanguageDialog(self.context), self._language_chosen)

    @on(Button.Pressed, "#first-language")
    def _first_language(self) -> None:
        self.keep_entries()
        self.post_message(LanguageChosen(self.context.settings.languages[0]))

    def _language_chosen(self, language: str | None) -> None:
        if language is not None:
            self.post_message(LanguageChosen(language))

    def keep_entries(self) -> None:
        """Put what is typed on this screen into the draft before it is drawn again."""


class ServiceScreen(FlowScreen):
    """What is your visit about? One tile per configured service."""

    FIRST_FOCUS = ".tile"

    def compose(self) -> ComposeResult:
        """The tiles."""
        _ = self._
        question = BigLabel(_("What is your visit about?"), classes="question")
        yield question
        with choice_pages(self, question), Grid(id="services"):
            for service in self.context.settings.services:
                yield BigButton(
                    service.name(self.context.language),
                    id=f"service-{service.code}",
                    classes="tile",
                )
        yield navigation(self)

    @on(Button.Pressed, ".tile")
    def _chosen(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.post_message(ServiceChosen(event.button.id.removeprefix("service-")))


class OnlineScreen(FlowScreen):
    """This service can be done online: show the link as a QR code, or continue."""

    FIRST_FOCUS = "#next"
    AUTO_FOCUS = "#next"  # not Back, the first control: Enter goes on to the queue

    def compose(self) -> ComposeResult:
        """The offer, the QR code, and the way on to the queue."""
        _ = self._
        service = self.context.settings.service(self.context.draft.service_code or "")
        url = service.online_url or ""
        # One line of big letters at most: the QR code below must stay whole to scan.
        yield BigLabel(_("You can also do this online"), classes="question", max_lines=1)
        with Horizontal(id="online"):
            with Vertical(id="online-words"):
                yield Label(_("Scan the code with your phone's camera, or visit:"), markup=False)
                yield Label(Text(url), id="online-url")
                yield Label(
                    _("If you would rather see someone today, that is fine too."), markup=False
                )
            yield QrCode(url, id="online-qr")
        yield navigation(self, forward=_("Continue to the queue"))

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.post_message(NeedsAsked())


class NeedsScreen(FlowScreen):
    """Access and communication needs, after a plain privacy notice.

    A chosen need is ticked ("✓"), not only coloured. Choosing a spoken-language
    interpreter asks which language in a dialog of its own, so that every language is
    on screen at once, even at 100 × 30.
    """

    FIRST_FOCUS = ".need"

    def compose(self) -> ComposeResult:
        """Notice, the needs, and the ways on."""
        _ = self._
        days = self.context.settings.retention_days
        yield BigLabel(_("Do you need any help with access or communication?"), classes="question")
        yield Label(
            self.ngettext(
                "This is optional. We ask so that we can arrange help before we call you. "
                "Only reception staff see your answer, and it is deleted after {days} day.",
                "This is optional. We ask so that we can arrange help before we call you. "
                "Only reception staff see your answer, and it is deleted after {days} days.",
                days,
            ).format(days=days),
            id="privacy",
            markup=False,
        )
        # Each need is composed as chosen or not: a screen drawn again (a new language)
        # needs nothing done after its compose, which may not have happened (the screen
        # was taken down meanwhile).
        draft = self.context.draft
        with choice_pages(self), Grid(id="needs"):
            for need in self.context.settings.needs:
                chosen = need.code in draft.needs
                yield BigButton(
                    self.need_label(need.code, need.name(self.context.language)),
                    id=f"need-{need.code}",
                    classes="need -chosen" if chosen else "need",
                    variant="success" if chosen else "default",
                    max_lines=3,  # a long need at 100 x 30 takes three lines
                )
        # The row every step has (Start again too), with two ways on.
        with Horizontal(id="navigation"):
            yield from step_buttons(self)
            yield Button(_("No, thank you"), id="no-thanks", variant="primary")
            yield Button(_("Continue"), id="next", variant="success")

    def need_label(self, code: str, name: str) -> Text:
        """A need's label: ticked when chosen; the interpreter's language beside it."""
        draft = self.context.draft
        if code not in draft.needs:
            return Text(name)
        label = Text("✓ ", style="bold")
        label.append(name)
        if code == "interpreter":
            if draft.interpreter_language:
                label.append(": " + interpreter_label(draft.interpreter_language, self._))
            elif draft.interpreter_other:
                label.append(": " + self._("Other (staff will ask)"))
        return label

    def show_choices(self) -> None:
        """Tick (and colour) the chosen needs on the buttons shown."""
        for need in self.context.settings.needs:
            # `query`, not `query_one`: a screen being taken down has no buttons left.
            for button in self.query(f"#need-{need.code}").results(Button):
                self._show_choice(button, need.code, need.name(self.context.language))

    def _show_choice(self, button: Button, code: str, name: str) -> None:
        chosen = code in self.context.draft.needs
        button.label = self.need_label(code, name)
        button.set_class(chosen, "-chosen")
        button.variant = "success" if chosen else "default"
        # A longer label may need a second line: measure the tile again.
        button.refresh(layout=True)

    @on(Button.Pressed, ".need")
    def _toggle(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        code = event.button.id.removeprefix("need-")
        draft = self.context.draft
        draft.toggle_need(code)
        self.show_choices()
        asks = any(n.code == code and n.asks_language for n in self.context.settings.needs)
        if asks and code in draft.needs:
            dialog = InterpreterDialog(
                self.context,
                INTERPRETER_LANGUAGES,
                InterpreterChoice(draft.interpreter_language, draft.interpreter_other),
            )
            self.app.push_screen(dialog, self._interpreter)

    def _interpreter(self, chosen: InterpreterChoice | None) -> None:
        draft = self.context.draft
        if chosen is None:
            # Back without a choice: the interpreter is not asked for after all.
            for need in self.context.settings.needs:
                if need.asks_language and need.code in draft.needs:
                    draft.toggle_need(need.code)
        else:
            draft.interpreter_other = chosen.other
            draft.interpreter_language = chosen.language
        self.show_choices()

    @on(Button.Pressed, "#no-thanks")
    def _no_thanks(self) -> None:
        self.context.draft.clear_needs()
        self.post_message(ConfirmAsked())

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.post_message(ConfirmAsked())


class ConfirmScreen(FlowScreen):
    """Check, optionally add a name, and take the ticket: the last step.

    The optional name lives here rather than on a screen of its own, so a general
    enquiry with no needs is four taps from Welcome to the ticket. The check-in is this
    screen's work: its worker calls the service and tells the app the outcome.
    """

    class Refused(Message, bubble=False):
        """The check-in could not be made (posted by the worker to this screen)."""

    def __init__(self, context: KioskContext, service: KioskService) -> None:
        super().__init__(context)
        self.service = service
        """What makes the check-in (in a worker)."""

    def compose(self) -> ComposeResult:
        """Summary and name on the left, keyboard on the right, the ticket button below."""
        _ = self._
        context = self.context
        draft = context.draft
        settings = context.settings
        service = settings.service(draft.service_code or "")
        # Big where the rows allow (fit_big_letters); the keyboard needs the room below.
        yield BigLabel(_("Please check, then take your ticket"), classes="question")
        with Horizontal(id="confirm-body"):
            with Vertical(id="summary"):
                yield Label(
                    Text(_("Visit: {service}").format(service=service.name(context.language))),
                    id="summary-service",
                )
                chosen = [n.name(context.language) for n in settings.needs if n.code in draft.needs]
                if draft.interpreter_language:
                    chosen.append(
                        _("Interpreter: {language}").format(
                            language=interpreter_label(draft.interpreter_language, _)
                        )
                    )
                needs = ", ".join(chosen) if chosen else _("No help needed")
                yield Label(Text(_("Help: {needs}").format(needs=needs)), id="summary-needs")
                yield Label(
                    _(
                        "Your name (optional), so staff can greet you. "
                        "It is not printed on your ticket."
                    ),
                    id="name-hint",
                    markup=False,
                )
                yield NameField(
                    draft.name or "",
                    id="name",
                    max_length=NAME_MAX_LENGTH,
                    placeholder=_("Your name"),
                )
                # The name as it will be kept, and whether it was cut, composed with
                # the screen: nothing is looked up after a compose that a screen taken
                # down meanwhile never had.
                yield Label(self.name_shown(draft.name or ""), id="name-shown")
                note = self.shortened_note()
                shortened = Label(note, id="name-shortened", markup=False)
                shortened.display = bool(note)  # no empty line under the field until news
                yield shortened
                state = context.kiosk_state
                if state is not None and state.hours.last_entry_warning and state.hours.closes_at:
                    closes = clock_time(state.hours.closes_at.astimezone(settings.office.zone))
                    yield Label(
                        _(
                            "We close at {time}. We may not be able to finish your enquiry today."
                        ).format(time=closes),
                        id="last-entry",
                        markup=False,
                    )
                yield Label("", id="confirm-error", markup=False)
            yield OnScreenKeyboard(
                accents=accent_keys((context.language,)),
                all_accents=accent_keys(settings.languages),
                space_label=_("Space"),
                delete_label=_("Delete"),
            )
        yield navigation(self, forward=_("Get my ticket"), forward_id="confirm", big_forward=True)

    FIRST_FOCUS = "#name"
    """Type straight away with a hardware keyboard or scanner; Enter takes the ticket."""

    name_shortened = False
    """The visitor's name was cut to fit (said under the field until it is edited)."""

    layout_settled = False
    """Whether the big letters are fitted to the rows there are now (takes a layout or
    a few after a compose or a resize: laid out, measured, made smaller, measured again)."""
    _made_smaller: tuple[Widget, Region, int] | None = None
    """What was made smaller, where it was, and how many layouts since (until it moves)."""

    def on_mount(self) -> None:
        """Measure the big letters again after every layout of the screen."""
        super().on_mount()
        self.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _settled(self) -> None:
        super()._settled()
        self.refit_big_letters()  # composed (again): new words, measured afresh

    def on_resize(self) -> None:
        """Measure again at a new size, from the biggest letters."""
        self.refit_big_letters()

    def on_screen_resume(self) -> None:
        """Back from a dialog: fit the letters, if a layout was missed meanwhile."""
        super().on_screen_resume()
        if not self.layout_settled:
            self.refit_big_letters()

    def refit_big_letters(self) -> None:
        """Draw the question and "Get my ticket" as big as they may be, then fit them
        (after each layout, `fit_big_letters`)."""
        if not self.is_attached:
            return  # taken down meanwhile (Start again, the idle timeout)
        for widget in self.big_letters():
            widget.max_rows = None
            widget.refresh(layout=True)
        for button in self.query("#confirm"):
            button.add_class("-own-row")
        self._made_smaller = None
        self.layout_settled = False

    def big_letters(self) -> list[BigTextMixin]:
        """What is drawn big, in the order it gives up rows: the question first, as
        "Get my ticket" matters more (as on the services, the choices do)."""
        found = [*self.query(".question"), *self.query("#confirm")]
        return [widget for widget in found if isinstance(widget, BigTextMixin)]

    def rows_wanted(self) -> int:
        """Rows the summary (with the name field) and the keyboard need side by side."""
        # `query`: laid out in the middle of a compose, either may not be there yet.
        wanted = [summary.virtual_size.height for summary in self.query("#summary")]
        wanted += [keyboard.outer_size.height for keyboard in self.query(OnScreenKeyboard)]
        return max(wanted, default=0)

    def _laid_out(self, screen: Screen[object]) -> None:
        self.fit_big_letters()

    def fit_big_letters(self) -> None:
        """Once laid out: make the big letters smaller while the summary or the keyboard
        has too few rows (a long name typed, the keyboard's accents, an error message),
        a step a layout; at last keep the name field in view.

        "Get my ticket" that is not big goes back into the bottom row (as ordinary text
        it needs no row of its own); the keyboard is never made smaller.
        """
        if not self.is_attached or not self.is_current:
            return
        if self._made_smaller is not None:
            widget, region, asked = self._made_smaller
            if widget.is_attached and widget.region == region and asked < 3:
                # Not laid out smaller yet. A layout under way as it was made smaller
                # (after a resize) may have missed it for good: ask for another.
                self._made_smaller = (widget, region, asked + 1)
                widget.refresh(layout=True)
                return
            self._made_smaller = None
        for body in self.query("#confirm-body"):
            over = self.rows_wanted() - body.content_region.height
            smaller = give_up_rows(self.big_letters(), over)
            for button in self.query("#confirm").results(BigButton):
                button.set_class(button.shown_big, "-own-row")
            if smaller is not None:
                self._made_smaller = (smaller, smaller.region, 0)
                self.layout_settled = False
                return
        self.keep_name_in_view()
        self.layout_settled = True

    def keep_name_in_view(self) -> None:
        """When the summary is longer than its rows (every need, in a long language),
        show the name field and the name as kept; the rest is a scroll away."""
        for summary in self.query("#summary"):
            if summary.max_scroll_y > 0:
                for shown in [*summary.query("#name-shown"), *summary.query("#name")]:
                    summary.scroll_to_widget(shown, animate=False)

    async def recompose(self) -> None:
        """Compose in the new language; a name that was cut still shows its start."""
        await super().recompose()
        if self.name_shortened:
            # Still the start of a name that was cut: the end is not there to be seen.
            # (`query`: a screen taken down meanwhile was not composed again.)
            for field in self.query("#name").results(NameField):
                field.show_start()

    def keep_entries(self) -> None:
        """The name typed so far survives a change of language."""
        self.context.draft.name = self.query_one("#name", Input).value

    def name_shown(self, typed: str) -> Text:
        """ "Name: …" as it will be kept (cleaned); Text never runs markup."""
        cleaned = clean_name(typed)
        shown = Text(self._("Name: "))
        shown.append(cleaned if cleaned else self._("not given"))
        return shown

    def shortened_note(self) -> str:
        """ "Your name was shortened to 80 characters.", while it is news; else ""."""
        if not self.name_shortened:
            return ""
        return self.ngettext(
            "Your name was shortened to {count} character.",
            "Your name was shortened to {count} characters.",
            NAME_MAX_LENGTH,
        ).format(count=NAME_MAX_LENGTH)

    def _show_name(self) -> None:
        for field in self.query("#name").results(Input):
            for label in self.query("#name-shown").results(Label):
                label.update(self.name_shown(field.value))
        note = self.shortened_note()
        for label in self.query("#name-shortened").results(Label):
            label.update(note)
            label.display = bool(note)

    @on(Input.Changed, "#name")
    def _typed(self, event: Input.Changed) -> None:
        self.keep_entries()
        if len(event.value) < NAME_MAX_LENGTH:
            # Edited to fit: what the field holds now is all the visitor meant to keep.
            self.name_shortened = False
        self._show_name()

    @on(NameField.Shortened, "#name")
    def _shortened(self) -> None:
        self.name_shortened = True
        self._show_name()

    @on(KeyPressed)
    def _key(self, event: KeyPressed) -> None:
        field = self.query_one("#name", NameField)
        if event.key == "delete":
            field.value = field.value[:-1]
        elif len(field.value) >= NAME_MAX_LENGTH:
            # Full: the key is not kept, and the visitor is told (never silently).
            field.shortened()
            return
        elif event.key == "space":
            field.value += " "
        else:
            # Capitals at the start and after a space or hyphen, small letters otherwise.
            first = not field.value or field.value.endswith((" ", "-", "'"))
            field.value += event.key if first else event.key.lower()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        button = self.query_one("#confirm", Button)
        if button.disabled:
            return
        button.disabled = True
        draft = self.context.draft
        draft.name = clean_name(self.query_one("#name", Input).value)
        # The app's worker, not this screen's: Textual cancels a screen's workers as it
        # goes (Back, Start again while the database answers), and a cancelled worker
        # hands nothing over; a ticket made must always be shown. Only the kiosk
        # closing cancels this one.
        app = self.app
        app.run_worker(
            partial(self.make_check_in, app, draft, self.context.language),
            name="check-in",
            group="check-in",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def make_check_in(self, app: App[object], draft: CheckInDraft, language: str) -> None:
        """Make the check-in (in the app's thread worker); the app shows the ticket, or
        this screen, if still there, says why not.

        Everything is handed over with `post_from_worker`: a kiosk closing as the
        database answers is told nothing, and nothing raises here.
        """
        try:
            issued = self.service.check_in(draft, language)
        except OfficeClosed:
            post_from_worker(app, ClosedMeanwhile())
            return
        except Exception as error:
            if is_database_error(error):
                self.service.database_unreachable("check-in")
            else:
                post_from_worker(app, WorkFailed("check-in", error))
            post_from_worker(self, self.Refused())
            return
        post_from_worker(app, CheckedIn(issued))

    @on(Refused)
    def _refused(self) -> None:
        self.show_error(
            self._("Sorry, something went wrong. Please try again, or ask at reception.")
        )

    def show_error(self, message: str) -> None:
        """The check-in could not be made: say so plainly, let them try again."""
        self.query_one("#confirm-error", Label).update(Text(message))
        self.query_one("#confirm", Button).disabled = False
