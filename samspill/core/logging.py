"""Log filters for the console handler."""

import logging
import re

# Survey links and transparency pages carry a token in the path; the access log redacts it
# (core/gunicorn_logging.py), and so must Django's own request log ("Gone: /s/…/").
_ANONYMOUS_PATH = re.compile(r"/(s|t)/[^/\s]+/")


class OneLineClientErrors(logging.Filter):
    """A 403 or 404 is an ordinary answer to a client, not a fault of the server: one line
    says it. Django logs both with the exception's traceback, which buries real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        # 503 is a database outage (core/views.py:server_error): one line, not a traceback
        # for every request that met it.
        if status is not None and (status < 500 or status == 503):
            record.exc_info = None
            record.exc_text = None
        if record.name == "django.request" and record.args:
            record.args = tuple(
                _ANONYMOUS_PATH.sub(r"/\1/…/", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True
