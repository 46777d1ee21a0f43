"""The hooks pytest-newsqa adds to pytest (registered with ``pytest_addhooks``).

Built-in rules and readers use these same hooks (see :mod:`pytest_newsqa.builtin`), so a
third-party plugin, in a ``conftest.py`` or an installed package, is a peer of the built-ins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pytest_newsqa.model import ParsedFile, Source
    from pytest_newsqa.rule import Rule

hookspec = pluggy.HookspecMarker("pytest")


@hookspec(historic=True)
def pytest_newsqa_add_rules() -> list[Rule] | None:
    """Return the rules this plugin adds to the catalogue.

    Historic: a plugin registered late (a ``conftest.py`` deep in the tree) still adds its
    rules. Example ``conftest.py``::

        from pytest_newsqa import rule

        @rule("ACM001", "live-ticker", "A live-ticker timestamp line was scraped as text.")
        def live_ticker(article, options):
            \"\"\"Finds lines such as ``14:02 BST``.\"\"\"
            for unit in article.paragraphs:
                if unit.text.endswith((" BST", " GMT")) and len(unit.text) < 12:
                    yield unit.line, f"live-ticker residue {unit.text!r}"

        def pytest_newsqa_add_rules():
            return [live_ticker]
    """


@hookspec(firstresult=True)
def pytest_newsqa_read_file(source: Source) -> ParsedFile | None:
    """Parse one decoded file into articles, or return None to leave it to the next reader.

    First result wins, and the built-in readers run last, so a plugin can take over a
    suffix (``.xml``) or a custom JSON shape. Add the suffix to ``newsqa_extensions`` so the
    file is collected. Example ``conftest.py``::

        from pytest_newsqa import Article, ParsedFile, TextUnit

        def pytest_newsqa_read_file(source):
            if source.path.suffix != ".xml":
                return None
            ...  # build Article objects from source.text
            return ParsedFile(articles)
    """
