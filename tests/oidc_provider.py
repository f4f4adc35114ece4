"""A real OpenID Connect provider for the tests: oidc-provider-mock (Flask + Authlib)
started as its own process on a free loopback port, and stopped after.

It answers discovery, authorization, token, userinfo and JWKS like any provider; its
authorization page is a form where the test names the subject ("sub") that signs in, and
`user()` sets the claims that subject gets (e-mail, name, groups).
"""

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import requests

from tests.servers import _wait_for_port, free_port


class OidcProvider:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "OidcProvider":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, self.process, seconds=30)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def user(self, sub: str, **claims) -> None:
        """The claims `sub` gets at its next sign-in."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Signs `sub` in on the provider's page; returns the redirect back to the client
        (its callback with code and state)."""
        assert authorize_url.startswith(self.issuer), authorize_url
        response = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


def callback_path(location: str) -> str:
    """The path and query of the client's callback URL (for Django's test client)."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def query(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
