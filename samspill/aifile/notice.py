"""The Art. 50(1) notice for a chatbot: a ready text in English and Norwegian bokmål."""

from django.utils import translation
from django.utils.translation import gettext as _


def chatbot_notice(project, language: str) -> str:
    with translation.override(language):
        return _(
            "You are talking to %(tool)s, an AI system, not a person. Its answers can be "
            "wrong: check anything that matters with a colleague. To reach a person, ask for "
            "one or contact HR."
        ) % {"tool": project.ai_tool}


def chatbot_notices(project) -> list[tuple[str, str]]:
    return [
        ("English", chatbot_notice(project, "en")),
        ("Norsk bokmål", chatbot_notice(project, "nb")),
    ]
