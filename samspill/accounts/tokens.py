"""Invitation links. The link carries 32 random bytes; the database keeps only their
SHA-256, as with survey links (samspill/surveys/tokens.py), so a copy of the database
cannot be turned into working links."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
