from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samspill.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from samspill.notify import periodic
        from samspill.surveys.jobs import surveys_close_due

        periodic.register("surveys.close_due", surveys_close_due, every="hour")

        from samspill.audit.presenting import register_value_labels

        register_value_labels("surveys.survey", "statements", _statement_label)


def _statement_label(key: str) -> str:
    """A statement key as the audit trail shows it: its text in the reader's language."""
    from django.utils.translation import get_language

    from method.surveys import survey_questions

    language = "nb" if (get_language() or "").startswith("nb") else "en"
    texts = {q.key: q.text for q in survey_questions(language).questions}
    return texts.get(key, key)
