"""Build: run the targets into one staging transaction, cache, parallelism, progress."""
