"""Personal acknowledgement links: signed, single use, stored only as a SHA-256.

The same shape as the survey invitations (samspill/surveys/tokens.py): a tampered or
made-up token is told apart from a used or expired one without a database look-up.
"""

import base64
import hashlib
import secrets
import uuid

from django.core import signing

SALT = "samspill.aifile.acknowledgement"
_signer = signing.Signer(salt=SALT, sep=".")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_token(ack_uuid: uuid.UUID) -> str:
    return _signer.sign(_b64(ack_uuid.bytes + secrets.token_bytes(16)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_genuine(token: str) -> bool:
    try:
        payload = _signer.unsign(token)
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (signing.BadSignature, ValueError):
        return False
    return len(raw) == 32
