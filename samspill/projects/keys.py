"""Per-project keys derived from the server secret, for pseudonymising ids on import."""

import hashlib
import hmac

from django.conf import settings


def derived_key(project, purpose: str) -> bytes:
    """HMAC of the project under the server secret, labelled by purpose so that the keys of
    two imports (pilot cases, usage logs) never make the same pseudonym. Never shown."""
    label = f"samspill-{purpose}:".encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), label + project.uuid.bytes, hashlib.sha256
    ).digest()
