"""Per-project keys derived from the pseudonym key, for pseudonymising ids on import.

The pseudonym key is the secret key unless SAMSPILL_PSEUDONYM_KEY is set: set it to the old
secret key before rotating SAMSPILL_SECRET_KEY, and pseudonyms stay the same
(docs/operations.md, "Rotating the secret key")."""

import hashlib
import hmac

from django.conf import settings


def derived_key(project, purpose: str) -> bytes:
    """HMAC of the project under the server secret, labelled by purpose so that the keys of
    two imports (pilot cases, usage logs) never make the same pseudonym. Never shown."""
    label = f"samspill-{purpose}:".encode()
    return hmac.new(
        settings.PSEUDONYM_KEY.encode(), label + project.uuid.bytes, hashlib.sha256
    ).digest()
