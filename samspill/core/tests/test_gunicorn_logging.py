import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from samspill.core.gunicorn_logging import PrivateAccessLogger


def _line(path: str, referer: str = "https://mail.example.org/") -> str:
    logger = PrivateAccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_USER_AGENT": "Firefox/140",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", "Firefox/140")])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=12))
    return logger.cfg.access_log_format % {k: atoms.get(k, "-") for k in "hlutrsbfa"}


def test_a_survey_answer_leaves_no_address_browser_or_token_in_the_log():
    line = _line("/s/AbC123.signed-token/")
    assert "10.1.2.3" not in line
    assert "Firefox" not in line
    assert "AbC123" not in line
    assert "mail.example.org" not in line
    assert "POST /s/…/ HTTP/1.1" in line and "302" in line


def test_other_pages_are_logged_as_gunicorn_logs_them():
    line = _line("/p/demo/")
    assert "10.1.2.3" in line and "/p/demo/" in line and "Firefox/140" in line


def test_a_stylesheet_loaded_by_a_survey_page_does_not_log_the_page_it_came_from():
    line = _line("/static/samspill/app.css", referer="http://127.0.0.1:8000/s/AbC123.sig/")
    assert "AbC123" not in line and "/static/samspill/app.css" in line
