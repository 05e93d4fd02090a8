"""Errors a user sees: each names the file, the document when there is one, and the problem."""

from __future__ import annotations


class FrusKgError(Exception):
    """Base of every error frus-kg reports to a user (exit status 1 or 2)."""

    exit_status = 1

    def as_dict(self) -> dict[str, str | None]:
        return {"error": str(self)}


class InputError(FrusKgError):
    """An input file that cannot be read: missing, empty, malformed, unsafe or not FRUS."""

    def __init__(self, path: str, problem: str, document: str | None = None) -> None:
        self.path, self.problem, self.document = path, problem, document
        where = f"{path} ({document})" if document else path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):  # keep the three fields when sent back from a worker process
        return (type(self), (self.path, self.problem, self.document))

    def as_dict(self) -> dict[str, str | None]:
        return {"error": self.problem, "file": self.path, "document": self.document}


class UsageError(FrusKgError):
    """A command used in a way that cannot work (wrong option combination, no inputs)."""

    exit_status = 2
