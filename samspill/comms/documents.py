"""A conversation guide as PDF, through the shared Typst stack, in the project's language."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samspill.comms.selectors import GuideView
from samspill.core import clock
from samspill.documents.pdf import render_pdf


def guide_data(project, view: GuideView) -> dict:
    with translation.override(project.language):
        guide = view.guide
        return {
            "meta": {
                "title": view.guide.title,
                "subtitle": f"{project.name} · {project.ai_tool}",
                "kind": _("Conversation guide"),
                "organisation": project.name,
                "footer": _("Samspill · made %(date)s")
                % {"date": date_format(clock.today(), "DATE_FORMAT")},
                "lang": project.language,
            },
            "labels": {
                "opening": _("How to open"),
                "cares": _("What they care about"),
                "fears": _("What they fear"),
                "arguments": _("Arguments, with our numbers"),
                "questions": _("Questions to ask"),
                "objections": _("Objections to expect"),
                "compromise": _("Compromise to offer"),
                "commitment": _("The commitment to ask for"),
                "missing": _("Still missing from the project"),
            },
            "opening": view.opening.text,
            "cares": list(guide.cares),
            "fears": list(guide.fears),
            "arguments": [a.text for a in view.arguments],
            "questions": list(guide.questions),
            "objections": [
                {"title": o.title, "response": o.response.text, "compromise": o.compromise.text}
                for o in view.objections
            ],
            "commitment": view.commitment.text,
            "missing": view.missing,
        }


def guide_pdf(project, view: GuideView) -> bytes:
    return render_pdf("guide.typ", guide_data(project, view))
