"""Outside XML is read without entities, DTDs or the network; a DOCTYPE is refused."""

from __future__ import annotations

import pytest
from lxml import etree

from lib.safe_xml import SAFE_PARSER_OPTIONS, DoctypeRefused, parse_file


def test_a_plain_document_is_read(tmp_path):
    path = tmp_path / "plain.xml"
    path.write_text("<list><item>22040</item><!-- a comment --></list>", encoding="utf-8")
    root = parse_file(path)
    assert [child.text for child in root] == ["22040"]  # the comment is dropped


def test_a_document_with_a_doctype_is_refused(tmp_path):
    path = tmp_path / "dtd.xml"
    path.write_text('<!DOCTYPE list SYSTEM "list.dtd"><list/>', encoding="utf-8")
    with pytest.raises(DoctypeRefused, match="declares a DOCTYPE"):
        parse_file(path)


def test_an_external_entity_is_neither_read_nor_reported(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the-secret-value", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE list [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]><list>&xxe;</list>',
        encoding="utf-8",
    )
    with pytest.raises(DoctypeRefused) as refused:
        parse_file(path)
    assert "the-secret-value" not in str(refused.value)
    # The options alone never read it either: the entity stays a reference.
    tree = etree.parse(str(path), etree.XMLParser(**SAFE_PARSER_OPTIONS))
    assert b"the-secret-value" not in etree.tostring(tree)


def test_a_billion_laughs_document_is_refused_without_expanding(tmp_path):
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path = tmp_path / "laughs.xml"
    path.write_text(f"<!DOCTYPE list [{entities}]><list>&j;</list>", encoding="utf-8")
    with pytest.raises(DoctypeRefused):
        parse_file(path)
