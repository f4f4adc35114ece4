import pytest

from samspill.accounts.api_tokens import token_create


@pytest.fixture
def make_token(project):
    def make(user, *, scope="write", projects=None, days=30, kind="personal"):
        return token_create(
            actor=user,
            name=f"{user.username} {scope}",
            projects=projects if projects is not None else [project],
            scope=scope,
            days=days,
            kind=kind,
        ).secret

    return make


@pytest.fixture
def api(client):
    """client.api(method, path, token, **kwargs): a request with the bearer token."""

    def call(method, path, token=None, *, json_body=None, headers=None, **kwargs):
        extra = {}
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        if json_body is not None:
            import json

            kwargs["data"] = json.dumps(json_body) if not isinstance(json_body, str) else json_body
            kwargs["content_type"] = "application/json"
        return getattr(client, method)("/api/v1" + path, **kwargs, **extra)

    return call
