"""The communication calendar as iCalendar (RFC 5545), written by the icalendar library."""

import datetime as dt

from django.utils import translation
from icalendar import Calendar, Event

from samspill.core import clock


def communication_calendar(project) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samspill//Communication calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", project.name)
    stamp = clock.now()
    communications = project.communications.prefetch_related("groups", "people").select_related(
        "owner"
    )
    with translation.override(project.language):
        for communication in communications:
            audience = [g.name for g in communication.groups.all()] + [
                p.name for p in communication.people.all()
            ]
            event = Event()
            event.add("uid", f"communication-{communication.uuid}@samspill")
            event.add("dtstamp", stamp)
            event.add("summary", communication.title)
            event.add(
                "description",
                "\n".join(
                    line
                    for line in (
                        f"{communication.get_channel_display()} · {', '.join(audience)}",
                        communication.notes,
                    )
                    if line
                ),
            )
            event.add("dtstart", communication.date)
            event.add("dtend", communication.date + dt.timedelta(days=1))  # DTEND is exclusive
            event.add("categories", [communication.get_channel_display()])
            event.add("status", "CONFIRMED" if communication.status != "planned" else "TENTATIVE")
            calendar.add_component(event)
    return calendar.to_ical()
