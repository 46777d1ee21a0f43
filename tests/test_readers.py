from __future__ import annotations

import json
from pathlib import Path

from pytest_newsqa.readers import read_html, read_json, read_jsonl, read_text
from tests.helpers import FIXTURES, SEEDS, fresh_interpreter_lines


def test_seed_layout_is_understood():
    parsed = read_text((FIXTURES / SEEDS[0]).read_text(encoding="utf-8"))
    first, second = parsed.articles
    assert first.headline.line == 1 and second.headline.line == 39
    assert [u.line for u in first.headings] == [8]
    assert [u.line for u in first.captions] == [3, 4, 10, 11]
    assert [(u.text, u.line) for u in first.extras] == [("TT", 5), ("20", 6)]
    assert first.paragraphs[0].line == 13
    assert second.paragraphs[-1].text.endswith("because of the bombs.”")


def test_text_articles_split_on_two_blank_lines_only():
    parsed = read_text("One\n\nBody one.\n\nMore of one.\n\n\nTwo\n\nBody two.\n")
    assert [a.title for a in parsed.articles] == ["One", "Two"]
    assert [p.text for p in parsed.articles[0].paragraphs] == ["Body one.", "More of one."]


def test_text_crlf_and_spaces_do_not_matter():
    parsed = read_text("  Headline  \r\n\r\n Body line. \r\n")
    assert parsed.articles[0].title == "Headline"
    assert parsed.articles[0].paragraphs[0].text == "Body line."


def test_hard_wrapped_prose_is_one_paragraph():
    parsed = read_text("Headline\n\nThe council met on Monday and\napproved the plan.\n")
    assert [(p.text, p.line) for p in parsed.articles[0].paragraphs] == [
        ("The council met on Monday and approved the plan.", 3)
    ]


def test_html_headline_falls_back_to_og_title_then_title():
    og = '<html><head><title>T | Site</title><meta property="og:title" content="OG"></head><body><p>x</p></body></html>'
    assert read_html(og).articles[0].title == "OG"
    assert read_html("<html><head><title>Only</title></head><body><p>x</p></body></html>").articles[0].title == "Only"


def test_html_body_is_any_text_block_but_never_chrome_or_code():
    page = (FIXTURES / "clean" / "clean_article.html").read_text(encoding="utf-8")
    article = read_html(page).articles[0]
    texts = [p.text for p in article.paragraphs]
    assert article.title == "Rains Return to Drought-Hit Farms"
    assert "Farmers said the rain came too late for the winter wheat but would help spring crops." in texts
    assert [c.text for c in article.captions] == ["Farmers inspect a wheat field near Konya. (AP Photo)"]
    joined = " ".join(texts)
    assert "Home" not in joined and "Advertisement" not in joined and "Follow us" not in joined
    assert article.paragraphs[0].line == 10


def test_html_without_article_uses_main_then_body():
    page = "<body><nav>Menu</nav><main><h1>H</h1><section>Main text.</section></main><p>Outside</p></body>"
    assert [p.text for p in read_html(page).articles[0].paragraphs] == ["Main text."]


def test_html_deeply_nested_does_not_recurse():
    page = "<div>" * 50_000 + "deep text" + "</div>" * 50_000
    assert read_html(page).articles[0].paragraphs[0].text == "deep text"


def test_json_list_records_carry_their_line():
    text = (FIXTURES / "clean" / "clean_feed.json").read_text(encoding="utf-8")
    parsed = read_json(text)
    assert [a.line for a in parsed.articles] == [2, 7]
    assert parsed.articles[1].title == "Museum Reopens After Renovation"
    assert [c.text for c in parsed.articles[1].captions] == ["The renovated main hall. (Reuters)"]


def test_json_body_as_list_and_captions_as_objects():
    record = {"headline": "H", "content": ["First para.", "Second para."], "captions": [{"text": "Cap (AP)"}]}
    article = read_json(json.dumps(record)).articles[0]
    assert [p.text for p in article.paragraphs] == ["First para.", "Second para."]
    assert [c.text for c in article.captions] == ["Cap (AP)"]


def test_json_errors_are_problems_not_exceptions():
    assert read_json('{"title": ').problems[0].message.startswith("JSON does not parse")
    assert read_json("[" * 100_000 + "]" * 100_000).problems[0].message == "JSON does not parse: nested too deeply"
    assert read_json("[1, 2]").problems[0].message == "record is a JSON int, not an object"


def test_jsonl_bad_line_keeps_the_others(tmp_path: Path):
    parsed = read_jsonl((FIXTURES / "defects" / "nws901_bad_line.jsonl").read_text(encoding="utf-8"))
    assert [a.line for a in parsed.articles] == [1, 3]
    assert [p.line for p in parsed.problems] == [2]


def test_lone_photo_caption_after_the_headline_is_a_caption():
    article = read_text(
        "Headline Here\n\nThe minister in Moscow (Russian Defense Ministry/AFP)\n\nThe body.\n"
    ).articles[0]
    assert [c.line for c in article.captions] == [3]
    assert [p.text for p in article.paragraphs] == ["The body."]


def test_story_without_blank_lines_is_body_but_repeated_lines_are_lead():
    story = read_text("Headline\n\nFirst paragraph of the story.\nSecond paragraph of the story.\n").articles[0]
    assert [p.line for p in story.paragraphs] == [3, 4]
    captions = read_text("Headline\n\nA caption of the photo\n A caption of the photo\n").articles[0]
    assert captions.paragraphs == [] and len(captions.captions) == 2


def test_beautifulsoup_is_imported_only_when_a_page_is_read():
    """An xdist controller or ``merge`` never reads a page; bs4 costs 0.1 s to import."""
    code = (
        "import sys, pytest_newsqa.plugin, pytest_newsqa.builtin\n"
        "print('bs4' in sys.modules)\n"
        "from pytest_newsqa.readers import read_html\n"
        "print('bs4' in sys.modules, read_html('<h1>T</h1><p>Body.</p>').articles[0].title)\n"
    )
    assert fresh_interpreter_lines(code) == ["False", "True T"]
