from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from method.audit_chain import check_anchors
from samspill.audit import anchors
from samspill.audit.chain import verify_stored_chain
from samspill.audit.models import AuditChainHead, AuditCheckpoint, AuditEntry

_ANCHOR_PROBLEMS = {
    "signature": "its signature is not valid for the public key: the checkpoint was forged "
    "or altered, or signed with another key",
    "missing": "the chain has no such entry: entries were removed from the end",
    "hash": "the chain's entry there has another hash: the chain was rewritten",
}


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'audit verify' checks that no entry was altered, inserted or "
        "removed; 'audit anchor' signs a checkpoint; 'audit reconcile' compares the data "
        "with the trail."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Verify the hash chain; exits non-zero on the first bad entry."
        )
        verify.add_argument(
            "--anchors",
            nargs="?",
            const="",
            default=None,
            metavar="FILE",
            help="Also check the chain against every signed checkpoint: those in FILE (a "
            "downloaded checkpoint list), or without FILE those stored in the database.",
        )
        verify.add_argument(
            "--public-key",
            help=f"The base64 Ed25519 public key to check signatures with (default: "
            f"{anchors.PUBLIC_KEY_ENV}, or the key in {anchors.KEY_ENV}).",
        )
        anchor = sub.add_parser(
            "anchor",
            help=f"Sign a checkpoint of the chain's head with the key in {anchors.KEY_ENV}.",
        )
        anchor.add_argument(
            "--out", type=Path, help="Also append the checkpoint to this list file."
        )
        keygen = sub.add_parser("keygen", help="Make a new Ed25519 key for 'audit anchor'.")
        keygen.add_argument("--out", type=Path, required=True, help="The private key file.")
        sub.add_parser("checkpoints", help="Print the stored checkpoint list as JSON.")
        reconcile = sub.add_parser(
            "reconcile",
            help="List every difference between the data and what the trail last recorded.",
        )
        reconcile.add_argument("--project", metavar="SLUG")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except anchors.AnchorError as error:
            raise CommandError(str(error)) from None

    def _verify(self, *, anchors: str | None = None, public_key: str | None = None, **options):
        report = verify_stored_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.first_bad_sequence}: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead()
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified.")
        )
        self.stdout.write(f"Head: entry {head.sequence}, hash {head.last_hash}")
        if anchors is not None:
            self._check_anchors(anchors, public_key)

    def _check_anchors(self, path: str, public_key: str | None) -> None:
        from samspill.audit import anchors as module

        key = module.trusted_public_key(public_key)
        if path:
            document = module.checkpoints_read(Path(path))
            source = path
        else:
            if key is None:
                raise CommandError(
                    "The checkpoints in the database can be checked only with a public key "
                    f"from outside it: pass --public-key or set {module.PUBLIC_KEY_ENV}."
                )
            document = module.checkpoint_list()
            source = "the database"
        parsed = module.checkpoints_parse(document)
        if key is None:
            if not document.get("public_key"):
                raise CommandError(f"{source} names no public key; pass --public-key.")
            key = module.public_key_from_text(document["public_key"])
            self.stdout.write(
                self.style.WARNING(
                    f"Signatures checked with the public key in {source} "
                    f"({document['public_key']}): make sure it is the one you trust."
                )
            )
        checkpoints = [checkpoint for checkpoint, _named in parsed]
        anchored = {checkpoint.sequence for checkpoint in checkpoints}
        hashes = dict(
            AuditEntry.objects.filter(sequence__in=anchored).values_list("sequence", "entry_hash")
        )
        result = check_anchors(
            hashes, checkpoints, lambda checkpoint: module.signature_valid(checkpoint, key)
        )
        if not result.ok:
            raise CommandError(
                f"Checkpoint at entry {result.bad_sequence} does not hold: "
                f"{_ANCHOR_PROBLEMS[result.problem]}."
            )
        if not checkpoints:
            self.stdout.write(self.style.WARNING(f"{source} holds no checkpoints."))
            return
        last = max(checkpoints, key=lambda checkpoint: checkpoint.sequence)
        self.stdout.write(
            self.style.SUCCESS(
                f"All {len(checkpoints)} checkpoints from {source} hold; the latest anchors "
                f"entry {last.sequence} ({last.anchored_at}). Entries after it are protected "
                "only by the chain itself until the next anchor."
            )
        )

    def _anchor(self, *, out: Path | None = None, **options):
        key = anchors.key_load()
        report = verify_stored_chain()
        if not report.ok:
            raise CommandError(
                f"Not anchored: the chain is broken at entry {report.first_bad_sequence} "
                f"({report.problem})."
            )
        row = anchors.anchor_create(key)
        if out is not None:
            anchors.checkpoint_file_append(out, row)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint signed: entry {row.sequence}, hash {row.entry_hash}, "
                f"at {row.anchored_at}."
            )
        )
        self.stdout.write(f"Public key: {row.public_key}")

    def _keygen(self, *, out: Path, **options):
        key = anchors.key_create(out)
        self.stdout.write(self.style.SUCCESS(f"Private key written to {out} (mode 600)."))
        self.stdout.write(f"Public key: {anchors.public_key_text(key.public_key())}")
        self.stdout.write(
            f"Set {anchors.KEY_ENV}={out} where 'audit anchor' runs, keep the file off the "
            "database server's backups, and publish the public key to the observers."
        )

    def _checkpoints(self, **options):
        self.stdout.write(anchors.checkpoint_list_json(AuditCheckpoint.objects.all()).decode())

    def _reconcile(self, *, project: str | None = None, **options):
        from samspill.audit.reconcile import reconcile

        try:
            differences = reconcile(project_slug=project)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if not differences:
            self.stdout.write(
                self.style.SUCCESS("Reconciled: every audited row matches the trail.")
            )
            return
        for difference in differences:
            self.stdout.write(str(difference))
        raise CommandError(f"{len(differences)} differences between the data and the trail.")
