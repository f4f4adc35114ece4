from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.timezone import localtime

from samspill.accounts import site


class Command(BaseCommand):
    help = (
        "Site administration from the shell: 'user list' shows every account; 'user "
        "deactivate|activate|make-admin|revoke-admin|reset-link USERNAME' acts on one. "
        "Each change is recorded in the audit trail with the actor 'system'."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="List accounts, their last login and projects.")
        listing.add_argument("--search", default="", help="Part of a username, name or address.")
        for name, text in (
            ("deactivate", "Stop the account from signing in and end its sessions."),
            ("activate", "Let a deactivated account sign in again."),
            ("make-admin", "Make the account a site admin."),
            ("revoke-admin", "Take site admin away from the account."),
            ("reset-link", "Print a one-time password reset link for the account."),
        ):
            sub.add_parser(name, help=text).add_argument("username")

    def _user(self, username: str):
        user = site.user_for_username(username)
        if user is None:
            raise CommandError(f"No user named {username!r}. 'samspill user list' shows them.")
        return user

    def handle(self, *args, action: str, **options):
        if action == "list":
            return self._list(options["search"])
        user = self._user(options["username"])
        name = user.get_username()
        try:
            if action == "deactivate":
                site.user_deactivate(actor=None, user=user)
                self.stdout.write(f"{name} is deactivated; their sessions are ended.")
            elif action == "activate":
                site.user_activate(actor=None, user=user)
                self.stdout.write(f"{name} can sign in again.")
            elif action == "make-admin":
                site.site_admin_grant(actor=None, user=user)
                self.stdout.write(f"{name} is a site admin.")
            elif action == "revoke-admin":
                site.site_admin_revoke(actor=None, user=user)
                self.stdout.write(f"{name} is no longer a site admin.")
            elif action == "reset-link":
                result = site.password_reset_send(actor=None, user=user, send=False)
                self.stdout.write(result.link)
                self.stderr.write(
                    "The link works once, until the password changes or the person logs in."
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _list(self, search: str) -> None:
        for user in site.users_list(search):
            last = (
                date_format(localtime(user.last_login), "Y-m-d H:i") if user.last_login else "never"
            )
            flags = []
            if not user.is_active:
                flags.append("deactivated")
            if site.is_site_admin(user):
                flags.append("site admin")
            projects = ", ".join(f"{m.project.slug} ({m.role})" for m in user.memberships.all())
            self.stdout.write(
                "\t".join(
                    [
                        user.get_username(),
                        user.email or "-",
                        last,
                        " ".join(flags) or "-",
                        projects or "-",
                    ]
                )
            )
