"""Entry point: `python generate.py --help`."""

from briefgen.cli.main import run

if __name__ == "__main__":
    run()
