"""`python -m bench` runs every benchmark."""

from bench import iati_import

if __name__ == "__main__":
    iati_import.main()
