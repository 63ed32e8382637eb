"""Synthetic catalogs for benchmarks."""
