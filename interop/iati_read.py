"""Reading an IATI file's activities in order, in this process or in a reader process.

Reading (parsing plus every check of ``parse_activity``) and writing each take about half of
an import's time, and Python runs one of them at a time. For a large file the reading is
therefore done by a second process, which sends checked activities to the importing process
while that one writes the previous ones: the two halves overlap on two cores. Both ways yield
exactly the same items in the same order; the reader process is only a faster route.

The reader process is started with ``spawn`` (a fresh interpreter), never ``fork``: the
importing process may hold database connections and threads (a web server's) that a forked
copy must not inherit. Starting it costs about a second, so small files are read in-process.
The queue between the two is bounded, so a slow database makes the reader wait instead of
filling memory: memory stays flat however large the file.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from interop.iati_parse import Refusal
    from interop.iati_rows import ActivityRows

# This module is what the reader process imports first, before Django is set up there; so
# everything that reaches the models (the checks, through the code lists) is imported late.

CHUNK = 250  # activities per message from the reader process
QUEUE_CHUNKS = 8  # messages in flight at most: bounds the memory held between the processes
# (bytes read so far, a checked activity in storage form or a refusal, whether it counts as
# an activity read)
Item = tuple[int, "ActivityRows | Refusal", bool]


def read_activities(
    path: Path, name: str, countries: frozenset[str], vendor: str
) -> Iterator[Item]:
    """Every ``iati-activity`` of the file, in order: checked and in storage form for the
    ``vendor``'s database (``iati_rows``), or refused with its line.

    A file that stops being well-formed ends the reading with one refusal that says where;
    the activities before that point have been yielded already.
    """
    from interop.iati_activity import parse_activity
    from interop.iati_parse import SAFE_PARSER_OPTIONS, Refusal, Refused
    from interop.iati_rows import to_rows

    last_identifier = ""
    with path.open("rb") as handle:
        events = etree.iterparse(
            handle, events=("end",), tag="iati-activity", **SAFE_PARSER_OPTIONS
        )
        try:
            for _, element in events:
                try:
                    item = to_rows(parse_activity(element, countries), vendor)
                except Refused as exc:
                    identifier = (element.findtext("iati-identifier") or "").strip()
                    item = Refusal(name, identifier, exc.line or element.sourceline, exc.message)
                else:
                    last_identifier = item.identifier
                _free(element)
                yield handle.tell(), item, True
        except etree.XMLSyntaxError as exc:
            after = f" (after activity {last_identifier})" if last_identifier else ""
            message = (
                f"the XML is not well-formed or is truncated{after}: {exc.msg}. "
                "Activities after this point were not read."
            )
            yield handle.tell(), Refusal(name, "", exc.lineno, message), False


def read_activities_in_child(
    path: Path, name: str, countries: frozenset[str], vendor: str
) -> Iterator[Item]:
    """``read_activities``, done by a reader process; see the module docstring."""
    context = multiprocessing.get_context("spawn")
    channel = context.Queue(maxsize=QUEUE_CHUNKS)
    reader = context.Process(
        target=_reader_main,
        args=(str(path), name, countries, vendor, channel),
        name="digicoop-iati-reader",
        daemon=True,
    )
    reader.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=5)
            except queue_module.Empty:
                if not reader.is_alive():
                    raise RuntimeError(
                        f"the IATI reader process stopped unexpectedly (exit code "
                        f"{reader.exitcode}) while reading {name}."
                    ) from None
                continue
            if kind == "items":
                yield from payload
            elif kind == "failed":
                raise RuntimeError(f"the IATI reader process failed on {name}:\n{payload}")
            else:
                return
    finally:
        # Also reached when the importer stops early (an error, or the caller's rollback):
        # the reader must not outlive the import.
        if reader.is_alive():
            reader.terminate()
        reader.join()
        channel.close()
        channel.join_thread()


def _reader_main(path: str, name: str, countries: frozenset[str], vendor: str, channel) -> None:
    """The reader process: parse and check, send chunks of items, then the end mark."""
    parent = multiprocessing.parent_process()
    try:
        import django

        django.setup()
        chunk: list[Item] = []
        for item in read_activities(Path(path), name, countries, vendor):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                if not _send(channel, ("items", chunk), parent):
                    return
                chunk = []
        if _send(channel, ("items", chunk), parent):
            _send(channel, ("end", None), parent)
    except BaseException:
        _send(channel, ("failed", traceback.format_exc()), parent)


def _send(channel, message, parent) -> bool:
    """Put the message on the bounded queue; False if the importing process has gone.

    A process killed outright (a web worker past its time-out, say) runs no clean-up, so the
    reader would otherwise wait forever on a full queue nobody reads.
    """
    while True:
        try:
            channel.put(message, timeout=1)
            return True
        except queue_module.Full:
            if parent is not None and not parent.is_alive():
                # Nobody will drain what is already queued: exit without waiting for it.
                channel.cancel_join_thread()
                return False


def _free(element) -> None:
    """Drop what iterparse has built so far, so that memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
