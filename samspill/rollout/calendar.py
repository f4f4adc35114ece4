"""The plan as iCalendar (RFC 5545), written by the icalendar library."""

import datetime as dt

from icalendar import Calendar, Event

from samspill.core import clock
from samspill.rollout.models import Milestone, Phase


def plan_calendar(project) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samspill//Rollout plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", project.name)
    stamp = clock.now()
    for phase in Phase.objects.filter(project=project):
        event = Event()
        event.add("uid", f"phase-{phase.uuid}@samspill")
        event.add("dtstamp", stamp)
        event.add("summary", phase.title)
        event.add("description", phase.description)
        event.add("dtstart", phase.start_date)
        # All-day events end on the day after (DTEND is exclusive).
        event.add("dtend", phase.end_date + dt.timedelta(days=1))
        calendar.add_component(event)
    for milestone in Milestone.objects.filter(project=project).select_related("phase"):
        event = Event()
        event.add("uid", f"milestone-{milestone.uuid}@samspill")
        event.add("dtstamp", stamp)
        event.add("summary", milestone.title)
        event.add("dtstart", milestone.due_date)
        event.add("dtend", milestone.due_date + dt.timedelta(days=1))
        if milestone.phase:
            event.add("categories", [milestone.phase.title])
        calendar.add_component(event)
    return calendar.to_ical()
