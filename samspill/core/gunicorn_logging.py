"""gunicorn's access log, minus what would tie a person to an anonymous page.

A survey answer or an anonymous question names nobody in the database; a log line with
the client's address, browser and the link's token would undo that. For those paths the
line keeps the time, method, status, size and duration, and the token becomes "…".
"""

import re

from gunicorn.glogging import Logger

ANONYMOUS_PATH = re.compile(r"^/(s|t)/[^/]+/")  # survey links, transparency pages
ANONYMOUS_REFERRER = re.compile(r"^[a-z]+://[^/]+/(s|t)/")
KEPT = ("t", "s", "m", "b", "B", "T", "D", "M", "L", "p", "H")


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO", "")
        if not ANONYMOUS_PATH.match(path):
            # A page's own requests (its stylesheet) may name it as the referrer; browsers that
            # ignore its referrer policy would put the token here.
            if ANONYMOUS_REFERRER.search(atoms.get("f", "")):
                atoms = {**atoms, "f": "-"}
            return atoms
        redacted = ANONYMOUS_PATH.sub(lambda m: f"/{m.group(1)}/…/", path)
        private = {key: atoms[key] for key in KEPT if key in atoms}
        private |= {"h": "-", "u": "-", "f": "-", "a": "-", "U": redacted, "q": ""}
        private["r"] = f"{atoms['m']} {redacted} {atoms['H']}"
        return private
