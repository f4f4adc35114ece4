"""Personal acknowledgement links: signed, single use, stored only as a SHA-256
(samspill/core/tokens.py), like the survey invitations."""

import uuid

from samspill.core.tokens import SignedTokens, token_hash

__all__ = ["is_genuine", "new_token", "token_hash"]

_tokens = SignedTokens("samspill.aifile.acknowledgement")


def new_token(ack_uuid: uuid.UUID) -> str:
    return _tokens.new(ack_uuid)


def is_genuine(token: str) -> bool:
    return _tokens.owner_of(token) is not None
