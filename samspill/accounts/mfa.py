"""Two-factor secrets are kept encrypted in the database.

allauth stores each TOTP key and recovery-code seed through its adapter's encrypt() and
decrypt(), which by default store them as they are. Here they are sealed with Fernet under
a key derived from the secret key, so a copy of the database alone cannot mint codes.
Decryption also tries SAMSPILL_SECRET_KEY_FALLBACKS, so a rotated secret key keeps every
enrolled factor working while the old key stays listed (docs/operations.md).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

_PURPOSE = b"samspill.accounts.mfa.v1:"


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(_PURPOSE + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return _keys().encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        return _keys().decrypt(encrypted_text.encode("ascii")).decode("utf-8")
