"""The built-in rules, one module per defect family.

==========  ===================================================================
module      rules
==========  ===================================================================
repeats     NWS101 duplicate-headline, NWS102 repeated-caption, NWS103 duplicate-paragraph
furniture   NWS201 stray-marker, NWS202 markup-leftover, NWS203 boilerplate-block
body        NWS301 truncated-body, NWS302 empty-article
blocked     NWS303 blocked-page
encoding    NWS401 encoding, NWS402 mojibake
files       NWS501 duplicate-article, NWS901 unreadable
==========  ===================================================================
"""

from __future__ import annotations

from pytest_newsqa.rule import Rule
from pytest_newsqa.rules import blocked, body, encoding, files, furniture, repeats


def builtin_rules() -> list[Rule]:
    return [
        *repeats.RULES,
        *furniture.RULES,
        *body.RULES,
        *blocked.RULES,
        *encoding.RULES,
        *files.RULES,
    ]
