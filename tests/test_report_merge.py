"""What the merge of the run report (#15) into the new layout had to re-do: the URL a file names
on the new HTML page model, the read-only article views, and the usage errors of the new options."""

from __future__ import annotations

import pytest

from pytest_newsqa.model import Article, ArticleView
from pytest_newsqa.readers.html import read_html
from pytest_newsqa.settings import ConfigError
from pytest_newsqa.sources import parse_mode

BODY = "<body><article><h1>Markets rally</h1><p>Shares rose on Tuesday after the report.</p></article></body>"


@pytest.mark.parametrize("parser", ["lxml", "html.parser"])
@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<link rel="canonical" href=" https://news.example/a "><meta property="og:url" content="https://og/b">', "https://news.example/a"),
        ('<meta property="og:url" content="https://news.example/b">', "https://news.example/b"),
        ('<link rel="alternate canonical" href="https://news.example/c">', "https://news.example/c"),
        ('<link rel="stylesheet" href="https://cdn.example/s.css">', ""),
    ],
    ids=["canonical-first", "og-url", "rel-list", "no-url"],
)
def test_a_page_names_its_url_with_either_parser(parser, head, url):
    parsed = read_html(f"<html><head>{head}</head>{BODY}</html>", parser)
    assert [a.url for a in parsed.articles] == [url]
    assert parsed.articles[0].title == "Markets rally"


def test_rules_see_the_url_and_the_hints_read_only():
    article = Article(index=0, line=1, url="https://news.example/a", hints={"body": "keys tried: body"})
    view = ArticleView.of(article)
    assert view.url == "https://news.example/a"
    assert dict(view.hints) == {"body": "keys tried: body"}
    with pytest.raises(TypeError):
        view.hints["body"] = "changed"  # type: ignore[index]


def test_a_source_regex_that_can_take_more_than_linear_time_is_refused():
    assert parse_mode(r"/(\w+)-\d+\.json$").kind == "regex"
    with pytest.raises(ConfigError, match="rewrite it"):
        parse_mode(r"^(?:a+)+/(x)")


@pytest.mark.parametrize("option", ["--newsqa-html", "--newsqa-sarif"])
def test_an_output_that_cannot_be_written_is_a_usage_error_before_any_file_is_read(pytester, option):
    pytester.mkdir("data")
    (pytester.path / "data/a.txt").write_text("Headline\n\nA story told in full.\n", encoding="utf-8")
    pytester.mkdir("out")
    result = pytester.runpytest("--newsqa", "data", f"{option}=out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{option}: is a folder*"])


def test_the_new_options_need_newsqa(pytester):
    result = pytester.runpytest("--newsqa-html=r.html")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--newsqa-html needs --newsqa*"])


def test_a_baseline_of_the_wrong_shape_is_one_line_not_a_traceback(tmp_path):
    from pytest_newsqa.baseline import Baseline, BaselineError

    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "findings": [{"code": "NWS201"}]}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not a valid pytest-newsqa baseline"):
        Baseline.load(path)
    path.write_text(
        '{"version": 1, "findings": [{"path": "a.txt", "code": "NWS201", "digest": "d", "message": "\\u001b[31mx"}]}',
        encoding="utf-8",
    )
    assert "\x1b" not in "".join(Baseline.load(path).messages.values())
