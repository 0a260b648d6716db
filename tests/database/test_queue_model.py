"""A model of the queue, driven at random against the real rules and database.

Hypothesis checks visitors in (kiosk and walk-in), calls them (next and by hand),
recalls, serves, resolves, transfers, holds, resumes, marks no-shows, cancels, undoes
an ending (within its minute, by whoever ended it), closes early or extends the day,
and moves the clock on — across local midnight and across the clock changes
(Europe/London, both directions). The model below says, in its own
words, what each action should do; after every step the database must agree with it:

- each visit is in exactly one state, the one the model expects, and today's open
  visits are exactly the live queue;
- ticket numbers are unique and gap-free per local day and letter;
- each visit's event record replays, step by step, to its status;
- the day's figures equal those counted by hand from the events;
- no ended visit can be called: every way is tried as soon as a visit ends, and again
  on ended visits at random (and `call_next` picks whom the model picks);
- a new ticket's "people ahead" counts everyone waiting today (every desk calls every
  service here, oldest first).

Each run uses a site of its own on one database per backend (SQLite, and PostgreSQL
when FRONTDESK_TEST_DATABASE_URL is set), so examples do not see each other.
Examples and steps come from the Hypothesis profile (see tests/conftest.py): "ci" by
default, `--hypothesis-profile=long` for a long search.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import uuid
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from config import Settings
from models import office, queue, staff
from models.authority import OPERATOR
from models.calendar import OfficeCalendar
from models.db import read_scope, session_scope
from models.enums import Channel, Outcome, StaffRole
from models.errors import IllegalTransition, InvalidRequest, NotAllowed, OfficeClosed
from models.figures import figures
from models.queue.transitions import replay
from models.tables import Visit, VisitEvent
from models.undo import UNDO_SECONDS, undo_end
from models.views import FigureRow
from tests.conftest import london

WAITING, CALLED, SERVING, HELD = "waiting", "called", "serving", "held"
RESOLVED, NO_SHOW, CANCELLED = "resolved", "no_show", "cancelled"
ENDED = {RESOLVED, NO_SHOW, CANCELLED}
OPEN = {WAITING, CALLED, SERVING, HELD}

# The rules as the model states them: action -> (allowed from, leads to). Written out
# again here on purpose, apart from models.queue.transitions.TRANSITIONS.
MODEL: dict[str, tuple[set[str], str]] = {
    "call": ({WAITING, HELD}, CALLED),
    "recall": ({CALLED}, CALLED),
    "serve": ({CALLED}, SERVING),
    "resolve": ({CALLED, SERVING}, RESOLVED),
    "transfer": ({WAITING, CALLED, SERVING, HELD}, WAITING),
    "hold": ({WAITING, CALLED, SERVING}, HELD),
    "resume": ({HELD}, WAITING),
    "no_show": ({CALLED}, NO_SHOW),
    "cancel": ({WAITING, CALLED, HELD}, CANCELLED),
}
RULES: dict[str, Any] = {
    "call": queue.call_visit,
    "recall": queue.recall,
    "serve": queue.start_serving,
    "resolve": queue.resolve,
    "transfer": queue.transfer,
    "hold": queue.hold,
    "resume": queue.resume,
    "no_show": queue.no_show,
    "cancel": queue.cancel,
}
SERVICES = ("general", "housing", "council-tax")
DESKS = ("Desk 1", "Desk 2")
STARTS = (
    london(2026, 11, 26, 9, 30),  # an ordinary Thursday
    london(2026, 10, 23, 15, 0),  # Friday before the clocks go back (Sun 25 Oct)
    london(2026, 3, 27, 15, 0),  # Friday before the clocks go forward (Sun 29 Mar)
    london(2026, 12, 24, 16, 0),  # Christmas Eve, then two bank holidays
)
CLOCK_CHANGES = (
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC),
    dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC),
)


# The site's whole record, every column of its visits and of their events (in order):
# what the checks read after every step. The live queue and the figures read nothing
# else but the settings and the clock, so while the record and the clock stay the same
# their answers do too (see `Derived`).
SITE = bindparam("site")
VISITS = (
    select(*Visit.__table__.columns)
    .where(Visit.__table__.c.site == SITE)
    .order_by(Visit.__table__.c.id)
)
EVENTS = (
    select(*VisitEvent.__table__.columns)
    .join(Visit.__table__, Visit.__table__.c.id == VisitEvent.__table__.c.visit_id)
    .where(Visit.__table__.c.site == SITE)
    .order_by(VisitEvent.__table__.c.visit_id, VisitEvent.__table__.c.at, VisitEvent.__table__.c.id)
)


@dataclasses.dataclass(frozen=True)
class Derived:
    """What the rules' own readers say of one record at one moment."""

    record: tuple[Any, ...]
    """The record and the clock it was read at."""
    live: list[int]
    """`live_queue`: today's open visits, in the queue's order."""
    total: FigureRow | None
    """`figures` of every day so far (None before the first visit)."""


@dataclasses.dataclass
class Expected:
    """What the model knows about one visit."""

    status: str
    arrived: dt.datetime
    day: dt.date
    service: str
    assigned_desk: str | None = None
    ended: tuple[str, dt.datetime, str] | None = None
    """The latest ending: the status it ended from, when, and by whom (for undo)."""


class QueueModel(RuleBasedStateMachine):
    """The queue of one site, as the model expects it and as the database holds it."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        base = Settings()
        site = f"m{uuid.uuid4().hex[:10]}"
        self.settings = dataclasses.replace(
            base, office=dataclasses.replace(base.office, site=site)
        )
        self.calendar = OfficeCalendar(self.settings)
        self.now = STARTS[0]
        self.visits: dict[int, Expected] = {}
        self.closing: dict[dt.date, dt.time] = {}
        self.derived: Derived | None = None

    # --- helpers ---------------------------------------------------------------------

    def run(self, function: Any, **arguments: Any) -> Any:
        with session_scope(self.engine) as session:
            return function(session=session, **arguments)

    def today(self) -> dt.date:
        return self.calendar.local_date(self.now)

    def expect_open(self) -> bool:
        """Open now, by the week's hours, bank holidays and today's changed closing."""
        day = self.today()
        week = self.settings.opening_hours.for_weekday(day.weekday())
        if week is None or self.calendar.bank_holiday(day):
            return False
        closes = self.closing.get(day, week.closes)
        opens_at, closes_at = self.calendar.at(day, week.opens), self.calendar.at(day, closes)
        return opens_at <= self.now < closes_at

    def joined(self, issued: Any, service: str) -> None:
        assert issued.visit_id not in self.visits
        # Everyone waiting today came earlier (or in the same instant with a lower id),
        # and with no desk limited to services every desk calls them first, whatever
        # their service (or, sent to a desk, that desk does): all of them are ahead.
        ahead = [v for v in self.visits.values() if v.status == WAITING and v.day == self.today()]
        assert issued.people_ahead == len(ahead), (issued, len(ahead))
        self.visits[issued.visit_id] = Expected(WAITING, self.now, self.today(), service)

    def ids_in(self, statuses: set[str]) -> list[int]:
        return sorted(i for i, v in self.visits.items() if v.status in statuses)

    # --- the clock -------------------------------------------------------------------

    @initialize(start=st.sampled_from(STARTS))
    def start(self, start: dt.datetime) -> None:
        self.now = start

    @rule(
        how=st.sampled_from(["minutes", "to midnight", "to the clock change"]),
        minutes=st.integers(min_value=0, max_value=240),
        seconds=st.integers(min_value=1, max_value=120),
    )
    def time_passes(self, how: str, minutes: int, seconds: int) -> None:
        """Time moves on: some minutes, or to just before local midnight or a clock change."""
        if how == "minutes":
            self.now += dt.timedelta(minutes=minutes)
            return
        if how == "to midnight":
            moment = self.calendar.at(self.today() + dt.timedelta(days=1), dt.time(0, 0))
        else:
            later = [change for change in CLOCK_CHANGES if change > self.now]
            if not later:
                return
            moment = later[0]
        self.now = max(self.now, moment - dt.timedelta(seconds=seconds))

    # --- joining the queue -------------------------------------------------------------

    @rule(service=st.sampled_from(SERVICES))
    def kiosk_check_in(self, service: str) -> None:
        if self.expect_open():
            issued = self.run(
                queue.check_in, settings=self.settings, service_code=service, now=self.now
            )
            self.joined(issued, service)
        else:
            with pytest.raises(OfficeClosed):
                self.run(queue.check_in, settings=self.settings, service_code=service, now=self.now)

    @rule(
        service=st.sampled_from(SERVICES), channel=st.sampled_from([Channel.WALK_IN, Channel.PHONE])
    )
    def walk_in(self, service: str, channel: Channel) -> None:
        issued = self.run(
            queue.add_walk_in,
            settings=self.settings,
            service_code=service,
            staff="rec",
            channel=channel,
            now=self.now,
        )
        self.joined(issued, service)

    # --- working the queue -------------------------------------------------------------

    @rule(desk=st.sampled_from(DESKS))
    def call_next(self, desk: str) -> None:
        today = self.today()
        # Those transferred to this desk first, then by arrival (ties by ticket order).
        candidates = [
            (v.assigned_desk != desk, v.arrived, visit_id)
            for visit_id, v in self.visits.items()
            if v.status == WAITING and v.day == today and v.assigned_desk in (None, desk)
        ]
        called = self.run(
            queue.call_next, settings=self.settings, desk=desk, staff="rec", now=self.now
        )
        if not candidates:
            assert called is None
            return
        expected = min(candidates)[2]
        assert called is not None and called.id == expected, (called, expected)
        assert called.status == CALLED
        self.visits[expected].status = CALLED

    @precondition(lambda self: bool(self.visits))
    @rule(data=st.data(), action=st.sampled_from(sorted(MODEL)), desk=st.sampled_from(DESKS))
    def act_on_a_visit_that_allows_it(self, data: st.DataObject, action: str, desk: str) -> None:
        """An action on a visit the model says allows it (if any), so long stories happen."""
        allowed = self.ids_in(MODEL[action][0])
        if allowed:
            self.act(data.draw(st.sampled_from(allowed), label="visit"), data, action, desk)

    @precondition(lambda self: bool(self.visits))
    @rule(data=st.data(), action=st.sampled_from(sorted(MODEL)), desk=st.sampled_from(DESKS))
    def act_on_any_visit(self, data: st.DataObject, action: str, desk: str) -> None:
        """An action on any visit: refusals are tried too."""
        self.act(data.draw(st.sampled_from(sorted(self.visits)), label="visit"), data, action, desk)

    def act(self, visit_id: int, data: st.DataObject, action: str, desk: str) -> None:
        """Apply `action` to the visit; the model says whether it is allowed and to what."""
        visit = self.visits[visit_id]
        arguments: dict[str, Any] = {}
        assigned = visit.assigned_desk
        service = visit.service
        if action == "resolve":
            arguments["outcome"] = Outcome.RESOLVED
        elif action == "transfer":
            to_service = data.draw(st.sampled_from((None, *SERVICES)), label="to_service")
            to_desk = data.draw(
                st.sampled_from(DESKS) if to_service is None else st.sampled_from((None, *DESKS)),
                label="to_desk",
            )
            arguments.update(notes="Passed on", to_service=to_service, to_desk=to_desk)
            assigned = to_desk
            service = to_service or visit.service
        allowed_from, target = MODEL[action]
        call = {
            "settings": self.settings,
            "visit_id": visit_id,
            "desk": desk,
            "staff": "rec",
            "now": self.now,
        }
        if visit.status in allowed_from:
            result = self.run(RULES[action], **call, **arguments)
            assert result.status == target
            if target in ENDED:
                visit.ended = (visit.status, self.now, "rec")
            visit.status, visit.assigned_desk, visit.service = target, assigned, service
            if target in ENDED:
                # Straight away, every way: a random later step might never try it.
                for how in ("call", "recall", "serve"):
                    self.cannot_be_called(visit_id, how)
        else:
            with pytest.raises(IllegalTransition):
                self.run(RULES[action], **call, **arguments)

    @precondition(lambda self: any(v.status in ENDED for v in self.visits.values()))
    @rule(data=st.data(), how=st.sampled_from(["call", "recall", "serve"]))
    def an_ended_visit_cannot_be_called(self, data: st.DataObject, how: str) -> None:
        visit_id = data.draw(st.sampled_from(self.ids_in(ENDED)), label="ended visit")
        self.cannot_be_called(visit_id, how)

    def cannot_be_called(self, visit_id: int, how: str) -> None:
        """Calling, recalling or serving the ended visit is refused."""
        with pytest.raises(IllegalTransition):
            self.run(
                RULES[how],
                settings=self.settings,
                visit_id=visit_id,
                desk=DESKS[0],
                staff="rec",
                now=self.now,
            )

    @precondition(lambda self: any(v.status in ENDED for v in self.visits.values()))
    @rule(data=st.data(), by=st.sampled_from(["rec", "sup"]))
    def undo_an_ending(self, data: st.DataObject, by: str) -> None:
        """Undo is allowed within a minute of the ending, to whoever ended the visit."""
        visit_id = data.draw(st.sampled_from(self.ids_in(ENDED)), label="ended visit")
        visit = self.visits[visit_id]
        assert visit.ended is not None
        ended_from, ended_at, ended_by = visit.ended
        arguments = {
            "settings": self.settings,
            "visit_id": visit_id,
            "desk": DESKS[0],
            "staff": by,
            "now": self.now,
        }
        if by == ended_by and self.now - ended_at <= dt.timedelta(seconds=UNDO_SECONDS):
            result = self.run(undo_end, **arguments)
            assert result.status == ended_from
            visit.status = ended_from
        else:
            with pytest.raises(InvalidRequest):
                self.run(undo_end, **arguments)

    # --- the day's hours ----------------------------------------------------------------

    @rule(
        closes=st.sampled_from([dt.time(11, 0), dt.time(15, 30), dt.time(18, 0), dt.time(23, 0)]),
        by=st.sampled_from(["sup", "rec"]),
    )
    def close_early_or_extend(self, closes: dt.time, by: str) -> None:
        day = self.today()
        arguments = {
            "settings": self.settings,
            "closes": closes,
            "reason": "Staff training",
            "by": by,
            "now": self.now,
        }
        week = self.settings.opening_hours.for_weekday(day.weekday())
        if by != "sup":
            with pytest.raises(NotAllowed):
                self.run(office.set_closing_time, **arguments)
        elif week is None or self.calendar.bank_holiday(day):
            with pytest.raises(InvalidRequest):
                self.run(office.set_closing_time, **arguments)
        else:
            self.run(office.set_closing_time, **arguments)
            self.closing[day] = closes

    # --- what must hold after every step ------------------------------------------------

    @invariant()
    def the_database_agrees(self) -> None:
        parameters = {"site": self.settings.office.site}
        with read_scope(self.engine) as session:
            rows = session.execute(VISITS, parameters).all()
            event_rows = session.execute(EVENTS, parameters).all()
            record = (rows, event_rows, self.now)
            # Most steps change nothing (a refusal, an empty call): the live queue and
            # the figures, functions of the record and the clock alone, are asked again
            # only when either changed. The record itself is read and checked every time.
            if self.derived is None or self.derived.record != record:
                self.derived = self.derive(session, record)
        live, total = self.derived.live, self.derived.total
        visits = {row.id: row for row in rows}
        events: dict[int, list[Any]] = defaultdict(list)
        for event in event_rows:
            events[event.visit_id].append(event)
        assert set(visits) == set(self.visits)

        # Each visit in one state: the model's; today's open ones are the live queue.
        for visit_id, visit in visits.items():
            expected = self.visits[visit_id]
            assert visit.status == expected.status, (visit.ticket, visit.status, expected)
            assert (visit.ended_at is not None) == (visit.status in ENDED)
            assert visit.service_code == expected.service
            assert visit.local_date == expected.day
        today = self.today()
        assert live == [
            i
            for _, i in sorted(
                (v.arrived, i)
                for i, v in self.visits.items()
                if v.status in OPEN and v.day == today
            )
        ]

        # Ticket numbers: unique and gap-free per local day and letter.
        numbers: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
        for visit in visits.values():
            numbers[(visit.local_date, visit.letter)].append(visit.seq)
            assert visit.ticket == f"{visit.letter}{visit.seq:03d}"
            assert visit.local_date == self.calendar.local_date(visit.arrived_at)
        for key, seqs in numbers.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1)), (key, sorted(seqs))

        # The event record replays to each visit's state.
        for visit_id, visit in visits.items():
            assert replay(events[visit_id]) == visit.status, visit.ticket

        # The days' figures, counted by hand from the events.
        if total is not None:
            counted = self.count_from_events(list(events.values()))
            actual = {name: getattr(total, name) for name in counted}
            assert actual == counted, (actual, counted)

    def derive(self, session: Session, record: tuple[Any, ...]) -> Derived:
        """Ask the live queue and the figures (one call for every day so far)."""
        days = sorted({row.local_date for row in record[0]})
        live = queue.live_queue(session=session, settings=self.settings, now=self.now)
        total = (
            figures(
                session=session, settings=self.settings, start=days[0], end=days[-1], now=self.now
            ).total
            if days
            else None
        )
        return Derived(record, [v.id for v in live], total)

    def count_from_events(self, records: list[list[Any]]) -> dict[str, Any]:
        """The figures of these visits from their events alone."""
        names = ("visitors", "served", "resolved", "resolved_within_target", "breaches")
        names += ("no_shows", "cancelled", "transferred")
        names += ("waiting_now", "with_staff_now", "held_now")
        counts: dict[str, Any] = dict.fromkeys(names, 0)
        today = self.today()
        greets: list[int] = []
        waits: list[int] = []
        for record in records:
            checked_in = record[0]
            arrived = checked_in.at
            service = checked_in.detail["service"]
            due = arrived + dt.timedelta(minutes=self.settings.target_for(service))
            status = record[-1].to_status
            kinds = [e.kind for e in record]
            counts["visitors"] += 1
            if self.calendar.local_date(arrived) == today:  # "now" counts are today's
                counts["waiting_now"] += status == WAITING
                counts["with_staff_now"] += status in (CALLED, SERVING)
                counts["held_now"] += status == HELD
            called = [e.at for e in record if e.kind == "called"]
            serving = [e.at for e in record if e.kind == "serving"]
            endings = [e.at for e in record if e.to_status in ENDED and e.kind != "undone"]
            # An undone ending leaves the visit open: only a visit that is ended now has an
            # end time (its latest ending).
            ended_at = endings[-1] if status in ENDED and endings else None
            if called:
                counts["served"] += 1
                greets.append(max(0, int((called[0] - arrived).total_seconds())))
            if serving:
                waits.append(max(0, int((serving[0] - arrived).total_seconds())))
            elif called and status in ENDED:
                # Ended now, once called: an ending undone leaves no wait until the next.
                waits.append(max(0, int((called[0] - arrived).total_seconds())))
            counts["resolved"] += status == RESOLVED
            counts["no_shows"] += status == NO_SHOW
            counts["cancelled"] += status == CANCELLED
            counts["transferred"] += "transferred" in kinds
            if status == RESOLVED:
                assert ended_at is not None
                within = ended_at <= due
                counts["resolved_within_target"] += within
                counts["breaches"] += not within
            else:
                counts["breaches"] += due < (ended_at or self.now)
        counts["longest_wait_seconds"] = max(waits) if waits else None
        counts["average_wait_seconds"] = statistics.fmean(waits) if waits else None
        counts["average_greet_seconds"] = statistics.fmean(greets) if greets else None
        for name in ("average_wait_seconds", "average_greet_seconds"):
            if counts[name] is not None:
                counts[name] = pytest.approx(counts[name])
        return dict(counts)


# The profile (loaded before this module) sets how long it may take: about 0.4 s of CPU
# an example, and 10 s allowed (at a load of 16 on two cores PostgreSQL's took 5.4 s).
# Ten thousand commits, none of them about surviving a crash: they need not wait for
# the disk (no_fsync).
@pytest.mark.no_fsync
@pytest.mark.timeout(600 + 10 * hypothesis_settings.default.max_examples)
def test_the_queue_behaves_like_its_model(engine: Engine) -> None:
    with session_scope(engine) as session:
        for code, role in (("rec", StaffRole.RECEPTIONIST), ("sup", StaffRole.SUPERVISOR)):
            staff.add_staff(
                session=session, code=code, name=code, role=role, pin="4821", by=OPERATOR
            )
    run_state_machine_as_test(lambda: QueueModel(engine))
