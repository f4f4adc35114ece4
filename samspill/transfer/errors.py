from django.utils.translation import ngettext

MAX_PROBLEMS = 20


class TransferError(Exception):
    """The file was refused and nothing was changed; `problems` say why, for people."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Problems:
    """Collects what is wrong with a file, so one import lists many problems, not just one."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.more = 0

    def add(self, where: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(f"{where}: {message}" if where else message)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if not self.items:
            return
        problems = list(self.items)
        if self.more:
            problems.append(
                ngettext(
                    "… and %(count)d more problem.", "… and %(count)d more problems.", self.more
                )
                % {"count": self.more}
            )
        raise TransferError(problems)
