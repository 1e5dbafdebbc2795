"""Helpers shared by the screening benchmarks (data loaders, machine info)."""
