"""Entry point: `python generate.py --help`."""

from briefgen.cli.entry import run

if __name__ == "__main__":
    run()
