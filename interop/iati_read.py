"""Reading an IATI file's activities in order, in this process or in reader processes.

Reading an activity (parsing, then every check of ``parse_activity`` and the storage form)
costs more than writing it, and Python runs one thing at a time. For a large file the reading
is therefore done by reader processes while the importing process writes: with two readers,
each parses the whole file (the cheap part, done in C) but checks only every other activity
(the dear part, done in Python), and the importing process takes their results in turn. Each
reader is the plain sequential reader, so a file that stops being well-formed stops both at
the same activity, and the merged sequence is exactly what one in-process reader yields (a
test compares them on every shared file).

Reader processes are started with ``spawn`` (a fresh interpreter), never ``fork``: the
importing process may hold database connections and threads (a web server's) that a forked
copy must not inherit. Starting them costs about a second, so small files are read in-process.
The queues are bounded, so a slow database makes the readers wait instead of filling memory:
memory stays flat however large the file.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue as queue_module
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

if TYPE_CHECKING:
    from interop.iati_rows import ActivityRows
    from lib.problems import Problem

# This module is what a reader process imports first, before Django is set up there; so
# everything that reaches the models (the checks, through the code lists) is imported late.

CHUNK = 250  # activities per message from a reader process
QUEUE_CHUNKS = 8  # messages in flight per reader at most: bounds memory between processes
# (bytes read so far, a checked activity in storage form or the problem that refused it,
# whether it counts as an activity read)
Item = tuple[int, "ActivityRows | Problem", bool]


class _End(NamedTuple):
    """The end of one reader's share: the file ended, or stopped being well-formed here."""

    position: int
    line: int | None = None
    syntax_error: str | None = None


def read_activities(
    path: Path, name: str, countries: frozenset[str], vendor: str
) -> Iterator[Item]:
    """Every ``iati-activity`` of the file, in order: checked and in storage form for the
    ``vendor``'s database (``iati_rows``), or refused with its line.

    A file that stops being well-formed ends the reading with one refusal that says where;
    the activities before that point have been yielded already.
    """
    yield from _in_order(name, [_share(path, name, countries, vendor, 0, 1)])


def read_activities_in_child(
    path: Path, name: str, countries: frozenset[str], vendor: str, readers: int = 1
) -> Iterator[Item]:
    """``read_activities``, done by ``readers`` reader processes; see the module docstring.

    The readers write their refusals in the language active here (the importing user's): a
    spawned interpreter starts with none, so it is passed along and activated there.
    """
    from django.utils import translation

    language = translation.get_language()
    context = multiprocessing.get_context("spawn")
    channels = [context.Queue(maxsize=QUEUE_CHUNKS) for _ in range(readers)]
    processes = [
        context.Process(
            target=_reader_main,
            args=(str(path), name, countries, vendor, index, readers, channel, language),
            name=f"digicoop-iati-reader-{index}",
            daemon=True,
        )
        for index, channel in enumerate(channels)
    ]
    for process in processes:
        process.start()
    try:
        streams = [
            _received(name, process, channel)
            for process, channel in zip(processes, channels, strict=True)
        ]
        yield from _in_order(name, streams)
    finally:
        # Also reached when the importer stops early (an error, or the caller's rollback):
        # no reader may outlive the import.
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process, channel in zip(processes, channels, strict=True):
            process.join()
            channel.close()
            channel.join_thread()


def _in_order(name: str, shares: list[Iterator]) -> Iterator[Item]:
    """Activity k comes from share k mod n; the first end reached ends the whole reading."""
    from django.utils.translation import gettext as _

    from lib.problems import Problem

    last_identifier = ""
    for k in itertools.count():
        item = next(shares[k % len(shares)])
        if isinstance(item, _End):
            if item.syntax_error is not None:
                values = {"after": last_identifier, "error": item.syntax_error}
                message = (
                    _(
                        "the XML is not well-formed or is truncated (after activity "
                        "%(after)s): %(error)s. Activities after this point were not read."
                    )
                    if last_identifier
                    else _(
                        "the XML is not well-formed or is truncated: %(error)s. Activities "
                        "after this point were not read."
                    )
                ) % values
                yield item.position, Problem(message, file=name, line=item.line), False
            return
        position, activity = item
        if not isinstance(activity, Problem):
            last_identifier = activity.identifier
        yield position, activity, True


def _share(
    path: Path, name: str, countries: frozenset[str], vendor: str, index: int, of: int
) -> Iterator:
    """Activities number index, index + of, index + 2·of… of the file, then an ``_End``.

    Every activity is parsed (the parser must walk the whole file); only this share's are
    checked and turned into rows.
    """
    from interop.iati_activity import parse_activity
    from interop.iati_parse import SAFE_PARSER_OPTIONS, Refused
    from interop.iati_rows import to_rows
    from lib.problems import Problem

    with path.open("rb") as handle:
        events = etree.iterparse(
            handle, events=("end",), tag="iati-activity", **SAFE_PARSER_OPTIONS
        )
        try:
            for number, (_, element) in enumerate(events):
                if number % of == index:
                    item: ActivityRows | Problem
                    try:
                        item = to_rows(parse_activity(element, countries), vendor)
                    except Refused as exc:
                        identifier = (element.findtext("iati-identifier") or "").strip()
                        line = exc.line or element.sourceline
                        item = Problem(exc.message, file=name, line=line, activity=identifier)
                    _free(element)
                    yield handle.tell(), item
                else:
                    _free(element)
        except etree.XMLSyntaxError as exc:
            yield _End(handle.tell(), exc.lineno, exc.msg)
            return
        yield _End(handle.tell())


def _received(name: str, process, channel) -> Iterator:
    """A reader process's share, as it arrives."""
    from django.utils.translation import gettext as _

    while True:
        try:
            kind, payload = channel.get(timeout=5)
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    _(
                        "the IATI reader process stopped unexpectedly (exit code %(code)s) "
                        "while reading %(file)s."
                    )
                    % {"code": process.exitcode, "file": name}
                ) from None
            continue
        if kind == "failed":
            raise RuntimeError(
                _("the IATI reader process failed on %(file)s:") % {"file": name} + f"\n{payload}"
            )
        yield from payload


def _reader_main(
    path: str,
    name: str,
    countries: frozenset[str],
    vendor: str,
    index: int,
    of: int,
    channel,
    language: str | None = None,
) -> None:
    """A reader process: read its share, send it in chunks (the last one ends with _End)."""
    parent = multiprocessing.parent_process()
    try:
        import django

        django.setup()
        if language:
            from django.utils import translation

            translation.activate(language)
        chunk: list = []
        for item in _share(Path(path), name, countries, vendor, index, of):
            chunk.append(item)
            if len(chunk) >= CHUNK or isinstance(item, _End):
                if not _send(channel, ("items", chunk), parent):
                    return
                chunk = []
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
