"""A synthetic firm of any size for benchmarks (`cabinet generate`, `make bench`)."""
