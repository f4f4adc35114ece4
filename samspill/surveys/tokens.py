"""Single-use invitation tokens: signed, so a tampered link is told apart from a used one.

A token is base64(survey uuid + 16 random bytes), signed with the server secret. The
database keeps only its SHA-256; the plain token exists in the CSV or e-mail that carries
it, nowhere else.
"""

import base64
import hashlib
import secrets
import uuid

from django.core import signing

SALT = "samspill.surveys.invitation"
SEPARATOR = "."  # between payload and signature; never in an open link's token
_signer = signing.Signer(salt=SALT, sep=SEPARATOR)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_token(survey_uuid: uuid.UUID) -> str:
    return _signer.sign(_b64(survey_uuid.bytes + secrets.token_bytes(16)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_of(token: str) -> uuid.UUID | None:
    """The survey a genuine token belongs to, or None for a made-up or altered one."""
    try:
        payload = _signer.unsign(token)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (signing.BadSignature, ValueError):
        return None
    if len(raw) != 32:
        return None
    return uuid.UUID(bytes=raw[:16])
