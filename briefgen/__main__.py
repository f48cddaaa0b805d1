"""`python -m briefgen`: the command line."""

from briefgen.cli.entry import run

run()
