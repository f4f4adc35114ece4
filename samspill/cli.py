"""The `samspill` command: Django's management commands plus Samspill's own.

`samspill serve`, `samspill worker` (background jobs, docs/notifications.md),
`samspill demo`, `samspill audit verify` and every command of manage.py (migrate,
createsuperuser, ...) run the same way.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samspill", *(sys.argv[1:] if argv is None else argv)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
