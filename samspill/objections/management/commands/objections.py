import json
import textwrap

from django.core.management.base import BaseCommand, CommandError

from method.comms_catalog import fill, objection_texts, placeholders
from method.figures import round_half_up
from method.objection_matcher import MatcherError, match
from method.objections import ObjectionCategory
from samspill.comms.facts import project_facts
from samspill.core.figures import number
from samspill.projects.models import Project


class Command(BaseCommand):
    help = "Work with the objection arsenal from the command line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        matching = sub.add_parser(
            "match", help="Suggest the three library categories that best fit an objection."
        )
        matching.add_argument("text", help="The objection, as it was said.")
        matching.add_argument(
            "--lang", choices=["en", "nb", "de"], default=None, help="The text's language."
        )
        matching.add_argument(
            "--json", action="store_true", help='Print [{"category": …, "score": …}, …].'
        )
        matching.add_argument(
            "--project", help="Fill the suggested responses with this project's facts (slug)."
        )

    def handle(self, *args, action: str, **options):
        try:
            suggestions = match(options["text"], language=options["lang"])
        except MatcherError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            top = [(s.category, float(round_half_up(s.score, 4))) for s in suggestions]
            # Always three: a category that shares nothing with the text scores 0.0.
            top += [(c, 0.0) for c in ObjectionCategory if c not in dict(top)][: 3 - len(top)]
            self.stdout.write(json.dumps([{"category": c.value, "score": s} for c, s in top]))
            return
        self._table(suggestions, options["lang"], options["project"])

    def _table(self, suggestions, language, slug):
        if not suggestions:
            self.stdout.write("No category fits this text.")
            return
        # The library is written in English and Norwegian; German text gets the English answers.
        library_language = "nb" if language == "nb" else "en"
        facts = {}
        if slug:
            try:
                project = Project.objects.get(slug=slug)
            except Project.DoesNotExist:
                raise CommandError(f"No project with the slug {slug!r}.") from None
            facts, library_language = project_facts(project), project.language
        texts = objection_texts(library_language)
        gaps = placeholders(library_language)
        self.stdout.write(f"{'#':<2} {'category':<14} {'score':>5}  suggested response")
        for rank, suggestion in enumerate(suggestions, start=1):
            text = texts[suggestion.category]
            response = fill(text.response, facts, gaps).text
            lines = textwrap.wrap(f"{text.title}: {response}", 70) or [""]
            self.stdout.write(
                f"{rank:<2} {suggestion.category.value:<14} {number(suggestion.score, 2):>5}  "
                f"{lines[0]}"
            )
            for line in lines[1:]:
                self.stdout.write(f"{'':<24}{line}")
