"""Single-use survey invitation tokens (samspill/core/tokens.py): signed, so a tampered
link is told apart from a used one; the database keeps only their SHA-256."""

import uuid

from samspill.core.tokens import SEPARATOR, SignedTokens, token_hash

__all__ = ["SEPARATOR", "new_token", "survey_of", "token_hash"]

_tokens = SignedTokens("samspill.surveys.invitation")


def new_token(survey_uuid: uuid.UUID) -> str:
    return _tokens.new(survey_uuid)


def survey_of(token: str) -> uuid.UUID | None:
    """The survey a genuine token belongs to, or None for a made-up or altered one."""
    return _tokens.owner_of(token)
