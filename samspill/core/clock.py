"""The one place the app reads the clock.

Every "today" the app shows or compares against is the date in the installation's time
zone (``SAMSPILL_TIME_ZONE``), not the server's or UTC: a plan step due on the 3rd is due
on the 3rd in Oslo even at 00:30. Tests pin this clock (see the root ``conftest.py``).
"""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
