"""Invitation links. The link carries 32 random bytes; the database keeps only their
SHA-256 (samspill/core/tokens.py), so a copy of the database cannot be turned into
working links."""

import secrets

from samspill.core.tokens import token_hash

__all__ = ["new_token", "token_hash"]


def new_token() -> str:
    return secrets.token_urlsafe(32)
