"""Links that are keys, kept in the database only as a SHA-256.

A signed token is base64(the uuid of the object it opens + 16 random bytes), signed with
the server secret, so a made-up or altered link is told apart from a used or expired one
without a database look-up. The plain token exists only in the link that carries it, so a
copy of the database cannot be turned into working links.
"""

import base64
import hashlib
import secrets
import uuid

from django.core import signing

SEPARATOR = "."  # between payload and signature; URL-safe base64 never holds one


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SignedTokens:
    """Tokens for one kind of link; the salt keeps one kind from opening another."""

    def __init__(self, salt: str) -> None:
        self._signer = signing.Signer(salt=salt, sep=SEPARATOR)

    def new(self, owner: uuid.UUID) -> str:
        return self._signer.sign(_b64(owner.bytes + secrets.token_bytes(16)))

    def owner_of(self, token: str) -> uuid.UUID | None:
        """The uuid a genuine token was made for, or None for a made-up or altered one."""
        try:
            payload = self._signer.unsign(token)
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        except (signing.BadSignature, ValueError):
            return None
        if len(raw) != 32:
            return None
        return uuid.UUID(bytes=raw[:16])
