"""Django's own strings that its Norwegian catalogue does not translate yet.

Listing them here puts them in our catalogue (makemessages finds them), and our
LOCALE_PATHS take precedence over Django's, so the forms read Norwegian throughout.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGOS_NB = (
    gettext_noop("- Select an option -"),  # the empty choice of a select (Django 6.1)
)
