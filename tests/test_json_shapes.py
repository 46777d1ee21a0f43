"""JSON shapes of common scrapers: NewsAPI envelopes, news-please's maintext, and messages that say what to set."""

from __future__ import annotations

import json

NEWSAPI = {
    "status": "ok",
    "totalResults": 2,
    "articles": [
        {"title": "Council Approves Budget", "content": "The council approved the budget on Monday."},
        {"title": "Storm Closes Schools", "content": "Schools closed on Tuesday as the storm arrived."},
    ],
}


def findings(pytester, *args):
    pytester.runpytest("--newsqa", "data", "--newsqa-report=r.json", *args)
    return [(f["code"], f["message"]) for f in json.loads((pytester.path / "r.json").read_text())["findings"]]


def test_a_newsapi_envelope_needs_newsqa_json_records_and_the_message_says_so(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "feed.json").write_text(json.dumps(NEWSAPI, indent=1))
    assert findings(pytester) == [
        (
            "NWS302",
            "article is empty: no headline and no body "
            "(the records may be the list under 'articles': set newsqa_json_records = articles)",
        )
    ]
    pytester.makeini("[pytest]\nnewsqa_json_records = articles\n")
    assert findings(pytester) == []


def test_a_missing_records_path_is_named(pytester):
    pytester.makeini("[pytest]\nnewsqa_json_records = data.items\n")
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "feed.json").write_text(json.dumps(NEWSAPI))
    assert ("NWS901", "no list of records at newsqa_json_records = data.items in this document") in findings(pytester)


def test_news_please_maintext_is_a_body(pytester):
    (pytester.path / "data").mkdir()
    record = {"title": "Council Approves Budget", "maintext": "The council approved the budget on Monday."}
    (pytester.path / "data" / "np.json").write_text(json.dumps(record))
    assert findings(pytester) == []


def test_a_missing_body_names_the_keys_tried_and_the_key_to_set(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "x.jsonl").write_text(json.dumps({"title": "Council", "story": "Text."}) + "\n")
    assert findings(pytester) == [
        (
            "NWS302",
            "article has no body text (body keys tried: body, text, content, article_body, articleBody, maintext; "
            "set newsqa_json_body_fields to the record's key)",
        )
    ]
