"""Benchmarks (not tests): `make bench` or `python -m bench`. Results go in bench/README.md."""
