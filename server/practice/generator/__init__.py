"""Generating a whole firm, deterministically from a random seed: the demo firm with real
document files, or a bench firm of a given size."""
