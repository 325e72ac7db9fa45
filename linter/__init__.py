"""medlint: a linter for health text that has been through an article spinner."""
__version__ = "0.1.0"
