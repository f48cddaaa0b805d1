"""`python -m briefgen`: the command line."""

from briefgen.cli.main import run

run()
