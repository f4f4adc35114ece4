from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from samspill.accounts import api_tokens, site
from samspill.accounts.models import ApiToken, TokenKind
from samspill.projects.models import Project


class Command(BaseCommand):
    help = (
        "API tokens (docs/api.md). 'token create --user U --project SLUG [--project …] "
        "[--write] [--days N] [--service] NAME' prints the secret once; 'token list --user U' "
        "and 'token revoke UUID' manage them. Each change is audited."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token and print its secret once.")
        create.add_argument("name")
        create.add_argument("--user", required=True, help="The account the token acts as.")
        create.add_argument("--project", action="append", required=True, help="A project slug.")
        create.add_argument("--write", action="store_true", help="Read-write (default: read).")
        create.add_argument("--days", type=int, default=api_tokens.DEFAULT_DAYS)
        create.add_argument("--service", action="store_true", help="A service token (owners).")
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its uuid.")
        revoke.add_argument("uuid")

    def _user(self, username: str):
        user = site.user_for_username(username)
        if user is None:
            raise CommandError(f"No user named {username!r}. 'samspill user list' shows them.")
        return user

    def handle(self, *args, action: str, **options):
        try:
            if action == "create":
                self._create(options)
            elif action == "list":
                for token in api_tokens.tokens_of(self._user(options["user"])):
                    state = (
                        "revoked"
                        if token.revoked_at
                        else f"expires {localtime(token.expires_at):%Y-%m-%d}"
                    )
                    slugs = ",".join(p.slug for p in token.projects.all())
                    self.stdout.write(
                        f"{token.uuid}  {token.prefix}…  {token.scope:5}  {slugs}  "
                        f"{state}  {token.name}"
                    )
            else:
                token = ApiToken.objects.filter(uuid=options["uuid"]).first()
                if token is None:
                    raise CommandError("No such token.")
                api_tokens.token_revoke(actor=None, token=token)
                self.stdout.write(f"Token {token.prefix}… is revoked.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _create(self, options):
        user = self._user(options["user"])
        projects = list(Project.objects.filter(slug__in=options["project"]))
        missing = set(options["project"]) - {p.slug for p in projects}
        if missing:
            raise CommandError(f"No project {', '.join(sorted(missing))}.")
        issued = api_tokens.token_create(
            actor=user,
            name=options["name"],
            projects=projects,
            scope="write" if options["write"] else "read",
            days=options["days"],
            kind=TokenKind.SERVICE if options["service"] else TokenKind.PERSONAL,
        )
        self.stdout.write(issued.secret)
        self.stderr.write("This is the only time the secret is shown; Samspill keeps a hash.")
