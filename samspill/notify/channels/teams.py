"""A Microsoft Teams Workflows URL ("When a Teams webhook request is received"): an
Adaptive Card in a message attachment, which the workflow posts to a channel."""

import json


def render(message: dict, *, secret: str, timestamp: int) -> tuple[bytes, dict[str, str]]:
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": message["project"]["name"], "weight": "Bolder"},
            {"type": "TextBlock", "text": message["title"], "wrap": True},
            {"type": "TextBlock", "text": message["summary"], "wrap": True, "isSubtle": True},
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": message["open_label"], "url": message["url"]}
        ],
    }
    payload = {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }
    return json.dumps(payload, ensure_ascii=False).encode(), {"Content-Type": "application/json"}
