"""Entry point: `python generate.py --help`."""

from briefgen.cli.main import main

if __name__ == "__main__":
    main()
