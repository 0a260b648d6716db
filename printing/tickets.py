"""From a visit's facts to a ticket's content, and from content to bytes and a preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from config.settings import PrinterSettings, Settings
from models.printjobs import TicketFacts
from printing.content import TicketContent
from printing.layout import ticket_layout
from printing.render import options_from_settings, render_escpos, render_png


def ticket_content(facts: TicketFacts, settings: Settings) -> TicketContent:
    """The ticket for a visit, in the visitor's language and the office's time zone."""
    zone = settings.office.zone
    try:
        service = settings.service(facts.service_code).name(facts.language)
    except KeyError:
        service = facts.service_code
    return TicketContent(
        organisation=settings.office.organisation,
        office=settings.office.name,
        ticket=facts.ticket,
        service=service,
        language=facts.language,
        arrived=facts.arrived_at.astimezone(zone),
        people_ahead=facts.people_ahead,
        target=facts.target_due_at.astimezone(zone),
        qr_payload=facts.reference,
        website=settings.office.website,
    )


def sample_ticket(settings: Settings, now: dt.datetime) -> TicketContent:
    """A ticket for `kiosk --test-print`: realistic, clearly a test."""
    zone = settings.office.zone
    service = settings.services[0]
    return TicketContent(
        organisation=settings.office.organisation,
        office=settings.office.name,
        ticket=f"{service.letter}000",
        service=f"TEST PRINT — {service.name(settings.languages[0])}",
        language=settings.languages[0],
        arrived=now.astimezone(zone),
        people_ahead=0,
        target=(now + dt.timedelta(minutes=settings.target_for(service.code))).astimezone(zone),
        qr_payload="TESTPRINT",
        website=settings.office.website,
    )


def render_ticket(
    content: TicketContent, printer: PrinterSettings
) -> tuple[bytes, Callable[[], bytes]]:
    """ESC/POS bytes for the configured printer, and a function making the PNG preview."""
    options = options_from_settings(printer)
    layout = ticket_layout(content)
    data = render_escpos(layout, options, content.language)
    return data, lambda: render_png(layout, options, content.language)
