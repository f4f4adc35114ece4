"""One module per channel, each with render(message, *, secret, timestamp) → (body,
headers), as healthchecks keeps hc/integrations/<channel>/. A new channel is a new module
here and a new WebhookFormat."""

from samspill.notify.channels import json, slack, teams

RENDERERS = {"json": json.render, "slack": slack.render, "teams": teams.render}
