"""Signed checkpoints of the whole audit chain, with an Ed25519 key kept outside the database.

`samspill audit keygen` makes the key, `samspill audit anchor` signs the chain's head and
stores the checkpoint in the database and, with --out, in a file; `samspill audit verify
--anchors [FILE]` checks the chain against every checkpoint. The database copy is for
convenience (the download on the audit trail page): a checkpoint is trusted for its
signature, checked with a public key that does not come from the database.
"""

import base64
import binascii
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from method.audit_chain import Checkpoint, checkpoint_message
from samspill.audit.models import AuditCheckpoint, AuditEntry
from samspill.core import clock

KEY_ENV = "SAMSPILL_AUDIT_KEY_FILE"
PUBLIC_KEY_ENV = "SAMSPILL_AUDIT_PUBLIC_KEY"
LIST_FORMAT = "samspill-audit-checkpoints"
LIST_VERSION = 1


class AnchorError(ValueError):
    """A key or checkpoint file that cannot be used; the message is for the operator."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def public_key_text(key: Ed25519PublicKey) -> str:
    return _b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError, AttributeError):
        raise AnchorError("The public key is not a base64 Ed25519 public key.") from None


def key_create(path: Path) -> Ed25519PrivateKey:
    """A new private key in PEM at `path`, readable by its owner only; never overwrites."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AnchorError(f"{path} exists already; a key is never overwritten.") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def key_load(path: str | None = None) -> Ed25519PrivateKey:
    path = path or os.environ.get(KEY_ENV)
    if not path:
        raise AnchorError(
            f"Set {KEY_ENV} to the private key file (make one with 'samspill audit keygen')."
        )
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except OSError as error:
        raise AnchorError(f"Cannot read the key file {path}: {error.strerror}.") from None
    except (ValueError, TypeError):
        raise AnchorError(f"{path} is not an unencrypted PEM private key.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorError(f"{path} is not an Ed25519 key.")
    return key


def trusted_public_key(given: str | None = None) -> Ed25519PublicKey | None:
    """The key to check signatures with, from outside the database: the --public-key
    option, SAMSPILL_AUDIT_PUBLIC_KEY, or the private key file. None if none is set."""
    text = given or os.environ.get(PUBLIC_KEY_ENV)
    if text:
        return public_key_from_text(text)
    if os.environ.get(KEY_ENV):
        return key_load().public_key()
    return None


def anchor_create(key: Ed25519PrivateKey) -> AuditCheckpoint:
    """Sign the chain's current last entry and store the checkpoint. The caller verifies
    the chain first: anchoring a broken chain would vouch for it."""
    last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    sequence, entry_hash = last or (0, "0" * 64)
    checkpoint = Checkpoint(
        sequence=sequence,
        entry_hash=entry_hash,
        anchored_at=clock.now().astimezone(dt.UTC).isoformat(),
    )
    signature = _b64(key.sign(checkpoint_message(checkpoint)))
    return AuditCheckpoint.objects.create(
        sequence=sequence,
        entry_hash=entry_hash,
        anchored_at=checkpoint.anchored_at,
        signature=signature,
        public_key=public_key_text(key.public_key()),
    )


def _entry(row: AuditCheckpoint) -> dict[str, Any]:
    return {
        "sequence": row.sequence,
        "entry_hash": row.entry_hash,
        "anchored_at": row.anchored_at,
        "signature": row.signature,
        "public_key": row.public_key,
    }


def checkpoint_list(rows=None) -> dict[str, Any]:
    """The checkpoints as a JSON-ready document anyone can keep and check later."""
    rows = list(AuditCheckpoint.objects.all() if rows is None else rows)
    return {
        "format": LIST_FORMAT,
        "version": LIST_VERSION,
        "public_key": rows[-1].public_key if rows else None,
        "checkpoints": [_entry(row) for row in rows],
    }


def checkpoint_list_json(rows=None) -> bytes:
    return json.dumps(checkpoint_list(rows), indent=1).encode("utf-8")


def checkpoint_file_append(path: Path, row: AuditCheckpoint) -> None:
    """Add a checkpoint to a list file kept outside the database (created if missing)."""
    document = checkpoints_read(path) if path.exists() else checkpoint_list([])
    document["checkpoints"].append(_entry(row))
    document["public_key"] = row.public_key
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
    temporary.replace(path)


def checkpoints_read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AnchorError(f"Cannot read {path}: {error.strerror}.") from None
    except (ValueError, UnicodeDecodeError):
        raise AnchorError(f"{path} is not JSON.") from None
    if (
        not isinstance(document, dict)
        or document.get("format") != LIST_FORMAT
        or not isinstance(document.get("checkpoints"), list)
    ):
        raise AnchorError(f"{path} is not a Samspill checkpoint list.")
    return document


def checkpoints_parse(document: dict[str, Any]) -> list[tuple[Checkpoint, str]]:
    """(checkpoint, the public key it names) for each entry; AnchorError if malformed."""
    parsed = []
    for number, raw in enumerate(document["checkpoints"], 1):
        try:
            sequence = raw["sequence"]
            if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
                raise TypeError
            fields = [raw[key] for key in ("entry_hash", "anchored_at", "signature")]
            if not all(isinstance(value, str) for value in fields):
                raise TypeError
            public_key = raw.get("public_key") or document.get("public_key") or ""
        except (KeyError, TypeError):
            raise AnchorError(f"Checkpoint {number} in the list is malformed.") from None
        parsed.append((Checkpoint(sequence, *fields), public_key))
    return parsed


def signature_valid(checkpoint: Checkpoint, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(
            base64.b64decode(checkpoint.signature, validate=True), checkpoint_message(checkpoint)
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
