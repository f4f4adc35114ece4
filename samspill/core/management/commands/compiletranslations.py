from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def translation_files() -> list[Path]:
    """Every .po file Django reads: the project's own and each Samspill app's locale/."""
    locale_dirs = [Path(d) for d in settings.LOCALE_PATHS]
    locale_dirs += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if app.name.startswith("samspill.")
    ]
    return sorted(po for locale_dir in locale_dirs for po in locale_dir.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = (
        "Compile the .po translation files to .mo with polib, so set-up needs no "
        "system gettext (Django's compilemessages calls msgfmt)."
    )

    def handle(self, *args, **options):
        compiled = 0
        for po_path in translation_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} file(s) updated.")
