"""Errors the report program turns into exit codes."""

# Exit codes, as in harness/common/exit_codes.h.
EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MISSING_DEPENDENCY = 3


class InputError(Exception):
    """A results file or timeline is missing or malformed (exit 2).

    The message names the file and, where there is one, the field.
    """

    def __init__(self, path, message, field=None):
        self.path = str(path)
        self.field = field
        self.reason = message
        where = f"{self.path}: {field}" if field else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Crosses from a drawing worker to the parent whole.
        return (InputError, (self.path, self.reason, self.field))


class MissingDependency(Exception):
    """A program or library the report needs is not installed (exit 3)."""
