"""briefgen: source-attributed content blocks to printable briefs."""

__version__ = "0.1.0"
