"""The command line (click): parses arguments, calls the library, prints its reports."""
