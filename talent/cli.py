"""A text progress bar for management commands."""

from __future__ import annotations


def progress_bar(stream, label: str):
    def show(done: int, total: int) -> None:
        width = 30
        filled = width if not total else int(width * done / total)
        end = "\n" if done >= total else ""
        stream.write(
            f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end
        )
        stream.flush()

    return show
