"""What changed between two revisions of a catalog, read from git."""
