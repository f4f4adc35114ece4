"""A Slack incoming webhook: a text with a link in Slack's mrkdwn. The URL is the secret."""

import json


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(message: dict, *, secret: str, timestamp: int) -> tuple[bytes, dict[str, str]]:
    text = (
        f"*{_escape(message['project']['name'])}*: {_escape(message['title'])}\n"
        f"{_escape(message['summary'])}\n<{message['url']}|{_escape(message['open_label'])}>"
    )
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    return body, {"Content-Type": "application/json"}
