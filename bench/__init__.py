"""Speed measurements (not tests): `python -m bench.iati_import`."""
