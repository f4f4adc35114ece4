"""The first draft of an answer: the tool's description and the decision-limits register,
in the project's language. The handler edits it; nothing is sent from here."""

from django.utils import translation
from django.utils.translation import gettext as _


def draft_answer(request) -> str:
    project = request.project
    with translation.override(project.language):
        parts = [
            _("Dear %(name)s,") % {"name": request.requester_name or _("colleague")},
            _(
                "You asked us to explain a decision (our reference %(reference)s). Here is "
                "how %(tool)s was used in it and who decided."
            )
            % {"reference": request.reference, "tool": project.ai_tool},
        ]
        if project.ai_will_do:
            parts.append(_("What the tool does:") + "\n" + project.ai_will_do)
        if project.ai_will_not_do:
            parts.append(_("What it does not do:") + "\n" + project.ai_will_not_do)
        for use in project.use_cases.all():
            lines = [use.name]
            if use.ai_suggests:
                lines.append(_("The AI only suggests: %(text)s") % {"text": use.ai_suggests})
            lines.append(_("A person always decides: %(text)s") % {"text": use.human_decides})
            lines.append(_("Overseen by: %(who)s") % {"who": use.overseer})
            lines.append(_("To contest the decision: %(route)s") % {"route": use.contest_route})
            parts.append("\n".join(lines))
        parts += [
            _("In your case: [describe the main factors and the role the tool's output played]."),
            _(
                "If you disagree, you can ask for the decision to be reviewed by a person, "
                "complain to us, or complain to the Data Protection Authority (Datatilsynet)."
            ),
        ]
        return "\n\n".join(parts)
