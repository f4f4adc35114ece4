"""Plain JSON, signed: the event as data, for a receiver of the organisation's own.

Headers: X-Samspill-Timestamp (Unix seconds) and X-Samspill-Signature
("sha256=" + hex HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's signing secret).
A receiver recomputes it and refuses a timestamp older than a few minutes (replay).
"""

import hashlib
import hmac
import json


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def render(message: dict, *, secret: str, timestamp: int) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(message, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Samspill-Timestamp": str(timestamp),
        "X-Samspill-Signature": sign(secret, timestamp, body),
    }
    return body, headers
