import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samspill.accounts import site

PASSWORD_ENV = "SAMSPILL_ADMIN_PASSWORD"  # noqa: S105  (a variable name)


class Command(BaseCommand):
    help = (
        "Create a site admin: an account that may use the Users page (not a Django "
        "superuser). Asks for what is missing; with --username and --email the password "
        f"comes from {PASSWORD_ENV}, or from standard input with --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email", default=None)
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def _ask(self, prompt: str) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"{prompt.rstrip(': ')} is missing and there is no terminal to ask.")
        return input(prompt).strip()

    def _password(self, password_stdin: bool) -> str:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif os.environ.get(PASSWORD_ENV):
            password = os.environ[PASSWORD_ENV]
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        else:
            raise CommandError(
                f"No password: set {PASSWORD_ENV}, or pass --password-stdin and pipe it in."
            )
        if not password:
            raise CommandError("The password is empty.")
        return password

    def handle(self, *args, username, email, password_stdin, **options):
        username = (username or "").strip() or self._ask("Username: ")
        if site.user_for_username(username) is not None:
            raise CommandError(
                f"A user named {username!r} exists already; use 'samspill user make-admin "
                f"{username}'."
            )
        if email is None:
            email = self._ask("E-mail address: ")
        password = self._password(password_stdin)
        try:
            user = site.admin_create(username=username, email=email.strip(), password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Site admin {user.get_username()} created.")
