"""Pages for people who are not members (survey, transparency, acknowledgement, explanation
request) speak the project's language, not the browser's, with a visible switch (?lang=)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


def public_language(request, default: str) -> str:
    """The language the visitor chose with ?lang=, else the project's (or survey's)."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in dict(settings.LANGUAGES) else default


def public_render(request, template: str, context: dict, *, language: str, status: int = 200):
    """Render a public page in `language` (or the visitor's choice), with the switch shown."""
    chosen = public_language(request, language)
    with translation.override(chosen):
        return render(request, template, {**context, "public_language_switch": True}, status=status)
