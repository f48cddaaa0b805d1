"""Sources, a side flow the build only reads: snapshots, quote verification, fetching."""
