"""Parsing XML that someone else wrote: no entities, no DTD, no network.

One set of parser options for every reader of outside XML (IATI activity files in ``interop``,
the IATI code lists in ``activities.codelists``): entities are never resolved, no DTD is
loaded, the network is never reached, and text nodes above libxml2's default limit (10 MB) are
refused (``huge_tree=False``). ``parse_file`` also refuses a document that declares a DOCTYPE:
IATI never needs one, and it is where entity-expansion attacks live.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

SAFE_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class DoctypeRefused(ValueError):
    """The document declares a DOCTYPE (a DTD, perhaps entities): nothing of it is used."""


def parse_file(path: Path) -> etree._Element:
    """The root element of the XML file at ``path``, read with ``SAFE_PARSER_OPTIONS``.

    Raises ``DoctypeRefused`` for a document with a DOCTYPE, and ``etree.XMLSyntaxError`` for
    one that is not well-formed."""
    events = etree.iterparse(str(path), events=("start",), **SAFE_PARSER_OPTIONS)
    _event, root = next(events)
    # Checked at the root's start tag, before the body (where entities would be used) is read.
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise DoctypeRefused(
            f"{path} declares a DOCTYPE ({doctype}); DTDs and entity declarations are not read "
            "(they could expand without bound or reach the network)."
        )
    for _rest in events:
        pass
    return root
