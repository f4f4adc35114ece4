import io
import logging

import pytest
from django.urls import reverse


@pytest.fixture
def console():
    """What the console handler writes, as set up by settings.LOGGING."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_404_writes_one_line_without_a_traceback(client, members, project, console):
    client.force_login(members["outsider"])
    response = client.get(reverse("projects:detail", args=[project.slug]))
    assert response.status_code == 404
    lines = console.getvalue().splitlines()
    assert lines == [f"Not Found: /p/{project.slug}/"]


def test_a_403_writes_one_line_without_a_traceback(client, members, project, console):
    client.force_login(members["viewer"])
    response = client.get(reverse("projects:settings", args=[project.slug]))
    assert response.status_code == 403
    assert console.getvalue().splitlines() == [
        f"Forbidden (Permission denied): /p/{project.slug}/settings/"
    ]


def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise ValueError("broken")
    except ValueError:
        logger.error("Internal Server Error: /x/", exc_info=True, extra={"status_code": 500})
    text = console.getvalue()
    assert "Traceback" in text and "ValueError: broken" in text


def test_a_used_survey_link_is_logged_without_its_token(console):
    logger = logging.getLogger("django.request")
    logger.warning("%s: %s", "Gone", "/s/SECRET-TOKEN.sig/", extra={"status_code": 410})
    assert console.getvalue().splitlines() == ["Gone: /s/…/"]
