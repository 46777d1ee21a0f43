"""Every rule: a firing case and a silent look-alike, in each format it applies to."""

from __future__ import annotations

import json

import pytest

from pytest_newsqa.rules.body import _truncation
from pytest_newsqa.rules.encoding import find_mojibake
from pytest_newsqa.rules.furniture import is_marker
from tests.helpers import check_content, codes

BODY = "The council met on Monday and approved the plan after a long debate.\n\nResidents welcomed the decision."


def txt(headline: str = "Council Approves Plan", *paragraphs: str) -> str:
    return "\n\n".join([headline, *(paragraphs or BODY.split("\n\n"))]) + "\n"


def jsonl(**record: object) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


# (rule code, file name, content that fires, look-alike that must stay silent)
CASES = [
    (
        "NWS101",
        "a.txt",
        txt("Council Approves Plan", "Council Approves Plan", *BODY.split("\n\n")),
        txt("Council Approves Plan", "The Council Approves Plan, officials said on Monday.", *BODY.split("\n\n")),
    ),
    (
        "NWS101",
        "a.html",
        html("<h1>Council Approves Plan</h1><h2>Council approves plan</h2><p>" + BODY + "</p>"),
        html(
            "<h1>Council Approves Plan</h1><h2>What happens next</h2><p>" + BODY + "</p>",
            "<title>Council Approves Plan</title>",
        ),
    ),
    (
        "NWS101",
        "a.jsonl",
        jsonl(title="Council Approves Plan", body="Council Approves Plan\n\n" + BODY),
        jsonl(title="Council Approves Plan", body=BODY),
    ),
    (
        "NWS102",
        "a.txt",
        "Council Approves Plan\n\nThe mayor speaks (AP Photo)\n The mayor speaks (AP Photo)\n\n" + BODY,
        "Council Approves Plan\n\nThe mayor speaks (AP Photo)\nThe council chamber (AP Photo)\n\n" + BODY,
    ),
    (
        "NWS102",
        "a.html",
        html(
            "<h1>Plan</h1><figure><figcaption>The mayor (AP)</figcaption></figure><p>The mayor (AP)</p><p>"
            + BODY
            + "</p>"
        ),
        html("<h1>Plan</h1><figure><figcaption>The mayor (AP)</figcaption></figure><p>" + BODY + "</p>"),
    ),
    (
        "NWS102",
        "a.json",
        json.dumps({"title": "Plan", "body": BODY, "captions": ["The mayor (AP)", "The mayor (AP)"]}),
        json.dumps({"title": "Plan", "body": BODY, "captions": ["The mayor (AP)", "The chamber (AP)"]}),
    ),
    (
        "NWS103",
        "a.txt",
        txt(
            "Plan",
            "The council approved the plan on Monday.",
            "Then it adjourned.",
            "The council approved the plan on Monday.",
        ),
        txt("Plan", "The council approved the plan on Monday.", "Yes.", "Then it adjourned.", "Yes."),
    ),
    (
        "NWS103",
        "a.jsonl",
        jsonl(title="Plan", body="The council approved the plan on Monday.\nThe council approved the plan on Monday."),
        jsonl(
            title="Plan",
            body="The council approved the plan on Monday.\nThe council rejected the other plan on Monday.",
        ),
    ),
    (
        "NWS201",
        "a.txt",
        txt("Plan", "The council approved the plan.", "Advertisement", "It adjourned."),
        txt("Plan", "The council approved the plan by 20 votes.", "It adjourned at 20:00."),
    ),
    (
        "NWS201",
        "a.html",
        html("<h1>Plan</h1><p>" + BODY + "</p><div><button>Share</button></div>"),
        html("<h1>Plan</h1><p>" + BODY + "</p><p>Residents can share their views until Friday.</p>"),
    ),
    (
        "NWS201",
        "a.jsonl",
        jsonl(title="Plan", body=BODY + "\n1.2K\nFollow us on Twitter"),
        jsonl(title="Plan", body="WASHINGTON —\n" + BODY + "\n1. Approve the plan."),
    ),
    (
        "NWS202",
        "a.txt",
        txt("Plan", "The council approved the plan.</p><p>It adjourned.", "It said &amp; more."),
        txt("Plan", "AT&T and R&D; budgets were cut, so a < b > c.", "It adjourned."),
    ),
    (
        "NWS202",
        "a.html",
        html("<h1>Plan</h1><p>Profits rose&amp;nbsp;5% in the quarter.</p>"),
        html("<h1>Plan</h1><p>Profits rose&nbsp;5% at AT&amp;T in the quarter.</p>"),
    ),
    (
        "NWS301",
        "a.txt",
        txt("Plan", "The council met on Monday. It approved the plan after a long debate and said the"),
        txt("Plan", "The council approved the plan.", "(Reporting by Jane Doe; Editing by John Smith)"),
    ),
    (
        "NWS301",
        "a.jsonl",
        jsonl(title="Plan", body="The council approved the plan. Read more"),
        jsonl(title="Plan", body="The council approved the plan.\n\nhttps://example.com/story"),
    ),
    (
        "NWS301",
        "a.html",
        html("<h1>Plan</h1><p>The council approved the plan and will [+1234 chars]</p>"),
        html("<h1>Plan</h1><p>The council approved the plan.</p><p>© Reuters</p>"),
    ),
    ("NWS302", "a.jsonl", jsonl(title="Plan", body=""), jsonl(title="Plan", body="Short.")),
    ("NWS302", "a.txt", "Headline Only\n", txt()),
    ("NWS302", "a.html", html("<h1>Plan</h1>"), html("<h1>Plan</h1><div>" + BODY + "</div>")),
    (
        "NWS401",
        "a.txt",
        txt("Café Plan", "Le café a été approuvé par le conseil municipal.").encode("cp1252"),
        txt("Café Plan", "Le café a été approuvé par le conseil municipal.").encode("utf-8"),
    ),
    (
        "NWS401",
        "a.html",
        html("<h1>Plan</h1><p>Café approuvé.</p>", '<meta charset="iso-8859-1">').encode("utf-8"),
        html("<h1>Plan</h1><p>Cafe approved.</p>", '<meta charset="iso-8859-1">').encode("utf-8"),
    ),
    (
        "NWS401",
        "a.json",
        json.dumps({"title": "Plan", "body": BODY}).encode("utf-16"),
        json.dumps({"title": "Plan", "body": BODY}).encode("utf-8-sig"),
    ),
    ("NWS402", "a.txt", txt("Talks in TÃ¼rkiye", BODY), txt("Talks in Türkiye", BODY)),
    (
        "NWS402",
        "a.jsonl",
        jsonl(title="Plan", body="He said â€œyesâ€ to the plan."),
        jsonl(title="Plan", body="He said “yes” to the CAFÉ’S plan."),
    ),
    ("NWS901", "a.jsonl", jsonl(title="Plan", body=BODY) + "{not json\n", jsonl(title="Plan", body=BODY)),
    ("NWS901", "a.json", '{"title": "Plan", "body": ', json.dumps({"title": "Plan", "body": BODY})),
    ("NWS901", "a.txt", b"\x00\x01\x02binary\x00data" * 10, txt()),
]


@pytest.mark.parametrize(("code", "name", "firing", "silent"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_rule_fires_and_look_alike_is_silent(engine, tmp_path, code, name, firing, silent):
    fired = check_content(engine, tmp_path, "fire-" + name, firing)
    assert code in codes(fired), fired.findings
    quiet = check_content(engine, tmp_path, "quiet-" + name, silent)
    assert quiet.findings == [], [f.format() for f in quiet.findings]


def test_nws501_within_one_file(engine, tmp_path):
    result = check_content(engine, tmp_path, "twice.txt", txt("One", BODY) + "\n\n\n" + txt("Two", BODY))
    assert codes(result) == ["NWS501"]
    assert result.findings[0].message == "article 1 repeats article 0 of this file (line 1)"
    assert result.findings[0].article == 1


def test_nws501_different_bodies_are_silent(engine, tmp_path):
    result = check_content(
        engine, tmp_path, "two.txt", txt("One", BODY) + "\n\n\n" + txt("Two", "Another story entirely.")
    )
    assert codes(result) == []


@pytest.mark.parametrize(
    "line",
    [
        "TT",
        "20",
        "1.2K",
        "A A",
        "A+ A-",
        "Share",
        "Share Tweet Email",
        "Facebook | Twitter | Email",
        "Advertisement",
        "Skip Ad",
        "Loading...",
        "Follow us on Instagram",
        "Read more",
        "Related: Markets slide",
        "READ MORE: Five tips",
        "We use cookies to improve your experience. By continuing to browse, you accept our use of cookies.",
    ],
)
def test_markers(line):
    assert is_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "Yes.",
        "1. Approve the plan.",
        "WASHINGTON —",
        "2024",
        "07.13",
        "The vote was 20 to 3.",
        "Share prices fell.",
        "Related parties were informed of the decision on Monday.",
        "The bakery uses cookies from a local supplier.",
        "A new share issue is planned.",
        "Q&A",
    ],
)
def test_not_markers(line):
    assert not is_marker(line)


@pytest.mark.parametrize(
    "ending",
    [
        "He said the talks would continue",
        "The minister said that the",
        "Officials declined to comment,",
        "Read the full story...",
        "The story continues…",
        "Prices rose [+2310 chars]",
        "قال الوزير ...المزيد",
    ],
)
def test_truncated_endings(ending):
    text = "The council met on Monday. " + ending
    assert _truncation(text, ()) is not None


@pytest.mark.parametrize(
    "ending",
    [
        "(Reporting by Indulal PM; Editing by Sunil Nair)",
        "© Reuters",
        "-- By Michael Russell Follow @tdmrussell",
        "https://t.co/abc123",
        "pic.twitter.com/xyz",
        "___",
        "Photos: Getty Images",
        "Source: Reuters",
        "서울시는 다음 달부터 요금을 인상한다고 밝혔다.",
        "Парк будет работать круглосуточно.",
        "ويستمر المعرض عشرة أيام.",
        "平年より五日早い。",
        "“It is a relief,” said one grower.",
        "Follow Datoc on Twitter",
    ],
)
def test_clean_endings(ending):
    text = "The council met on Monday. " + ending
    assert _truncation(ending, ()) is None
    assert _truncation(text, ()) is None


@pytest.mark.parametrize(
    "text",
    [
        "서울 지하철 요금 인상",
        "Москва: новый парк открыт",
        "افتتاح معرض الكتاب في الرياض",
        "Türkiye'de seçim takvimi açıklandı",
        "東京で桜が満開",
        "Ελλάδα",
        "Łódź, Kraków, Gdańsk",
        "São Paulo, Ñandú, Øresund, Þingvellir",
        "CAFÉ’S «NÂO»",
        "3 × 4 ± 1 °C",
    ],
)
def test_scripts_are_not_mojibake(text):
    assert find_mojibake(text) == []


@pytest.mark.parametrize("original", ["Türkiye", "“quoted”", "ال", "Привет", "café", "naïve — done", "東京"])
@pytest.mark.parametrize("wrong", ["cp1252", "latin-1"])
def test_mojibake_of_any_script_is_found(original, wrong):
    garbled = original.encode("utf-8").decode(wrong, errors="replace")
    assert find_mojibake(garbled)


def test_quote_style_does_not_hide_a_duplicate_headline(engine, tmp_path):
    result = check_content(
        engine, tmp_path, "q.txt", txt("Minister’s “Plan” Approved", 'Minister\'s "Plan" approved', BODY)
    )
    assert codes(result) == ["NWS101"]


@pytest.mark.parametrize("wrong", ["cp1252", "latin-1"])
def test_a_garbled_file_is_only_mojibake(engine, tmp_path, wrong):
    clean = txt(
        "Talks in Türkiye Resume",
        "“Practical steps were discussed,” the statement read.",
        "He described the meeting as “very serious and positive.”",
    )
    garbled = clean.encode("utf-8").decode(wrong, errors="replace")
    assert set(codes(check_content(engine, tmp_path, "garbled.txt", garbled))) == {"NWS402"}


@pytest.mark.parametrize(
    "ending",
    ["The council met on Monday. Pla", "The council met on Monday. Witness p", "He left. Officials said that the"],
)
def test_word_stubs_after_a_sentence_are_truncations(ending):
    assert _truncation(ending, ()) is not None


@pytest.mark.parametrize(
    "ending",
    [
        "The council met on Monday. Reuters",
        "The council met on Monday. AFP",
        "The council met on Monday.</p><p>",
        "The council met on Monday.&lt;/p&gt;&lt;p&gt;",
        "The council met on Monday. Getty Images",
    ],
)
def test_credits_and_markup_after_a_sentence_are_not_truncations(ending):
    assert _truncation(ending, ()) is None
