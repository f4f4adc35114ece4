"""Log filters for the console handler."""

import logging


class OneLineClientErrors(logging.Filter):
    """A 403 or 404 is an ordinary answer to a client, not a fault of the server: one line
    says it. Django logs both with the exception's traceback, which buries real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
