from django.core.management.base import BaseCommand

from samspill.notify import periodic


class Command(BaseCommand):
    help = (
        "Enqueue the scheduled jobs whose time has come (survey closing, reminders, "
        "digests), once. `samspill worker` does this every minute by itself; use this "
        "from cron when the worker runs with --no-schedule."
    )

    def handle(self, *args, **options):
        names = periodic.tick()
        for name in names:
            self.stdout.write(f"enqueued {name}")
