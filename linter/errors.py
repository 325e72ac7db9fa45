"""Errors that end a run with a one-line message and a documented exit code."""


class MedlintError(Exception):
    """A user-facing error: printed as one line, exit code 2."""

    exit_code = 2


class PackError(MedlintError):
    """A malformed rule pack: the message names file, rule and field."""


class ConfigError(MedlintError):
    """A bad configuration file: the message names file, key and allowed values."""


class InputError(MedlintError):
    """A file or stdin that cannot be read as text."""
