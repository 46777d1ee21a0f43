from __future__ import annotations

import codecs

import pytest

from pytest_newsqa.decode import declared_charset, decode
from tests.helpers import fresh_interpreter_lines


def test_utf8_has_no_problem():
    decoded = decode("Türkiye “quoted”".encode())
    assert (decoded.text, decoded.encoding, decoded.problem) == ("Türkiye “quoted”", "utf-8", None)


def test_utf8_bom_is_stripped_and_accepted():
    decoded = decode(codecs.BOM_UTF8 + "Café".encode())
    assert (decoded.text, decoded.problem) == ("Café", None)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_decoded_and_reported(codec):
    text = "Headline\n\nBody text for the story."
    data = text.encode(codec)
    if codec != "utf-16":  # add the BOM the plain codec writes by itself
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    decoded = decode(data)
    assert decoded.text == text
    assert "UTF-16" in decoded.problem


def test_legacy_charset_is_detected_with_confidence():
    text = "Le café de la gare a été fermé après une décision du conseil municipal. " * 5
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.problem.startswith("not UTF-8: detected ")
    assert "confidence" in decoded.problem


def test_declared_charset_used_when_bytes_are_not_utf8():
    decoded = decode("Café".encode("latin-1"), declared="iso-8859-1")
    assert decoded.text == "Café"
    assert "declared charset iso-8859-1" in decoded.problem


def test_declared_charset_disagreeing_with_utf8_bytes():
    decoded = decode("Café".encode(), declared="windows-1252")
    assert decoded.text == "Café"
    assert decoded.problem == "declares charset=windows-1252 but the bytes are UTF-8"


def test_declared_charset_is_harmless_on_ascii():
    assert decode(b"Plain ASCII", declared="iso-8859-1").problem is None


def test_declared_utf8_but_bytes_are_legacy():
    decoded = decode("Café crème brûlée à la carte".encode("cp1252") * 3, declared="utf-8")
    assert decoded.problem.startswith("declares charset=utf-8 but the bytes are not UTF-8")


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03" * 50, bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"]
)
def test_binary_data(data):
    assert decode(data).binary


def test_character_cut_by_the_byte_limit_is_dropped():
    data = "Türkiye".encode()[:2]  # "T" and half of "ü"
    assert decode(data, cut=True).text == "T"
    assert decode(data, cut=True).problem is None


def test_meta_charset_forms():
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "ISO-8859-1"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
        == "windows-1256"
    )
    assert declared_charset(b"<p>no meta</p>") is None


def test_chardet_is_imported_only_for_a_file_that_is_not_utf8():
    """Most runs never meet one; the import costs every process 65 ms."""
    code = (
        "import sys\n"
        "from pytest_newsqa.decode import decode\n"
        "print(decode('Café'.encode()).encoding, 'chardet' in sys.modules)\n"
        "print(decode('Café au lait, déjà vu.'.encode('cp1252')).problem is not None, 'chardet' in sys.modules)\n"
    )
    assert fresh_interpreter_lines(code) == ["utf-8 False", "True True"]
