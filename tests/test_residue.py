"""Page residue (NWS201 stray-marker, NWS203 boilerplate-block), duplicate paragraphs as prose
(NWS103) and the end of a body (NWS301), on the kinds of residue real extractors let in."""

from __future__ import annotations

import json

import pytest

from pytest_newsqa.rules.furniture import is_marker
from tests.helpers import check_content, codes

PROSE = [
    "The council met on Monday and approved the plan after a long debate about the budget.",
    "Residents welcomed the decision, which had been delayed for months by legal challenges.",
    "The mayor said construction would begin in the spring and take about two years.",
]
MENU = ["Home", "News", "Sport", "Business", "Jobs", "Cars", "Contact us"]
RELATED = [
    "Related stories",
    "China invites Taliban officials for two-day talks",
    "Young people must be heard, UN envoy says",
    "Afghan woman politician sees talks as only hope",
]


def record(*paragraphs: str, title: str = "Council Approves Plan") -> str:
    return json.dumps({"title": title, "body": "\n".join(paragraphs)}) + "\n"


def text(*paragraphs: str, title: str = "Council Approves Plan") -> str:
    return "\n\n".join([title, *paragraphs]) + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "Home",
        "* Business",
        "Search",
        "Close",
        "Updated",
        "Published",
        "VIDEO",
        "Advert",
        "More:",
        "Don't miss",
        "Deals",
        "Back to gallery",
        "View author archive",
        "Like this:",
        "Like Loading...",
        "Sharing is caring!",
        "This slideshow requires JavaScript.",
        "Image copyright Getty Images",
        "Image caption",
        "Photo: Jane Doe, AP",
        "Sakib Ali/Hindustan Times/Getty Images",
        "Natalie Naccache | Bloomberg | Getty Images",
        "https://cdn.example.com/wp-content/uploads/2019/11/photo-768x512.jpg",
        "2019-11-19T08:57:40+01:00",
        "Published 11:34 PM EST Nov 19, 2019",
        "Updated: Sat 8:31 PM, Feb 17, 2018",
        "Posted on March 30, 2015 by Admin",
        "20 Nov 2019 08:00 GMT",
        "2 days ago at 07:52 am",
        "[]",
        "[] [] []",
        "* * *",
        "---",
        "------------------------------------------------------------",
        "|",
        "<img",
        "Tempo de leitura: 2 minutos",
        "Continue reading the main story",
    ],
)
def test_residue_lines_are_markers(line):
    assert is_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "Home prices rose 4% in October.",
        "News of the deal spread quickly.",
        "Close to 300 people attended.",
        "Search and rescue teams arrived on Tuesday.",
        "Updated guidance was published on Friday.",
        "The festival runs from 29 November 2018 to 20 January 2019.",
        "29 November 2018 | 20 January 2019",
        "Business leaders welcomed the plan.",
        "___",
        "Photo editors chose the picture because it told the story.",
        "1 cup spinach",
        "Preheat the oven to 200C",
        "WASHINGTON —",
        "2024",
    ],
)
def test_prose_lines_are_not_markers(line):
    assert not is_marker(line)


def test_a_menu_is_one_block_with_its_paragraph_range_in_json(engine, tmp_path):
    result = check_content(engine, tmp_path, "menu.jsonl", record(*MENU, *PROSE))
    assert codes(result) == ["NWS203"]
    assert "7 lines (body paragraphs 1–7)" in result.findings[0].message


def test_a_menu_is_one_block_with_its_line_range_in_text(engine, tmp_path):
    result = check_content(engine, tmp_path, "menu.txt", text(PROSE[0], *MENU, *PROSE[1:]))
    assert codes(result) == ["NWS203"]
    assert "lines 5–17" in result.findings[0].message


def test_a_related_list_at_the_end_is_a_block_not_a_truncation(engine, tmp_path):
    result = check_content(engine, tmp_path, "related.jsonl", record(*PROSE, *RELATED))
    assert codes(result) == ["NWS203"]
    assert result.findings[0].message.startswith("a related-articles list, 4 lines")


def test_a_related_list_at_the_end_of_an_html_article_is_not_truncated(engine, tmp_path):
    items = "".join(f"<li><a href='/x'>{headline}</a></li>" for headline in RELATED[1:])
    page = (
        "<html><body><article><h1>Council Approves Plan</h1>"
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + f"<h3>{RELATED[0]}</h3><ul>{items}</ul></article></body></html>"
    )
    assert "NWS301" not in codes(check_content(engine, tmp_path, "related.html", page))


def test_short_prose_lists_are_not_menus(engine, tmp_path):
    ingredients = ["Ingredients", "2 cups flour", "1 cup sugar", "3 eggs", "A pinch of salt"]
    result = check_content(engine, tmp_path, "recipe.jsonl", record(*PROSE, *ingredients, "Bake for an hour."))
    assert codes(result) == []


def test_single_residue_lines_name_their_paragraph_in_json(engine, tmp_path):
    result = check_content(engine, tmp_path, "r.jsonl", record(PROSE[0], "Advert", *PROSE[1:]))
    assert [f.message for f in result.findings] == ["page furniture 'Advert' (body paragraph 2)"]


def test_a_duplicate_paragraph_is_reported_once_with_all_its_copies(engine, tmp_path):
    result = check_content(engine, tmp_path, "d.jsonl", record(*PROSE, PROSE[0], PROSE[0]))
    found = [f for f in result.findings if f.code == "NWS103"]
    assert len(found) == 1
    assert found[0].message.startswith("paragraph printed 3 times (body paragraphs 1, 4, 5)")


def test_a_duplicate_paragraph_in_text_names_its_lines(engine, tmp_path):
    result = check_content(engine, tmp_path, "d.txt", text(*PROSE, PROSE[1]))
    assert [f.message[:38] for f in result.findings] == ["paragraph printed 2 times (lines 5, 9)"]


@pytest.mark.parametrize(
    "repeated",
    [
        ["1 scoop protein, 1 cup spinach, 1 cup berries"] * 2,
        ["| Player | Plays | % | Stats |"] * 3,
        ["* Share this article on Facebook and Twitter."] * 2,
        ["What inspired you to start cooking at home?"] * 5,
        ["Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp."] * 2,
        [f"Vote for {name} on the last page of the gallery!" for name in ("Olga", "Daria", "Oksana")] * 2,
    ],
)
def test_repeated_list_items_and_prompts_are_not_duplicates(engine, tmp_path, repeated):
    body = [PROSE[0], *repeated[: len(repeated) // 2], PROSE[1], *repeated[len(repeated) // 2 :], PROSE[2]]
    result = check_content(engine, tmp_path, "l.jsonl", record(*body))
    assert "NWS103" not in codes(result)


@pytest.mark.parametrize(
    "ending",
    [
        "ⓒ 엔터미디어(www.entermedia.co.kr), 무단전재 및 재배포금지",
        "Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지",
        "© 2019 CBS Interactive Inc. All Rights Reserved.",
        "(c) Example Media 2019",
        "Все права защищены",
        "جميع الحقوق محفوظة",
        "版权所有 不得转载",
        "Staff and agencies",
        "Reporting by Jane Doe; editing by John Roe",
    ],
)
def test_copyright_and_credit_lines_end_articles(engine, tmp_path, ending):
    result = check_content(engine, tmp_path, "c.jsonl", record(*PROSE, ending))
    assert "NWS301" not in codes(result)


@pytest.mark.parametrize("fragment", ["The currency was little", "Das Ergebnis wird", "Officials expect the"])
def test_a_short_lower_case_fragment_after_finished_sentences_is_cut(engine, tmp_path, fragment):
    result = check_content(engine, tmp_path, "t.jsonl", record(*PROSE, fragment))
    assert "NWS301" in codes(result)


def test_a_list_at_the_end_of_a_body_is_not_cut(engine, tmp_path):
    timeline = [
        "Story Timeline",
        "2020 VW ID.3 official as Volkswagen bets on electric",
        "As production begins, VW bets it all on an electric future",
    ]
    result = check_content(engine, tmp_path, "l.jsonl", record(*PROSE, *timeline))
    assert "NWS301" not in codes(result)


@pytest.mark.parametrize(
    "ending",
    [
        "Tell us what YOU think...",
        "This website uses cookies. We'll assume you're ok with this, but you can opt-out if you wish.Accept Read More",
        "Profits were up 24.5 percent.READ MORE ON FOX BUSINESS BY CLICKING HERE",
    ],
)
def test_page_text_after_the_story_is_not_a_cut(engine, tmp_path, ending):
    result = check_content(engine, tmp_path, "e.jsonl", record(*PROSE, ending))
    assert "NWS301" not in codes(result)


def test_a_line_after_a_related_list_is_not_a_cut(engine, tmp_path):
    last = "Torn between the latest phones? Never fear, check out our buying guide and favorite phones"
    result = check_content(engine, tmp_path, "e.jsonl", record(*PROSE, *RELATED, last))
    assert "NWS301" not in codes(result)


HOSTILE_LINES = r"""
import sys
from pytest_newsqa.rules.blocked import verdict
from pytest_newsqa.rules.body import _truncation
from pytest_newsqa.rules.furniture import is_marker
lines = ["Nov 1, " * 34, "1 " * 120, "1/" * 120 + "x", "a, " * 80 + "x", "Jan " * 60 + "x", "12:30 " * 40 + "x",
         ("ab" * 30 + "/") * 4 + "x", "[] " * 80 + "x", 'a="b" ' * 40 + "<", "Image caption " + "a " * 113 + "?",
         "By " + "Jane Doe, " * 23 + "x", "Related " + "more " * 46, "Aa. " * 55 + "(A/A/A/A/A/A",
         "Aa. " * 55 + "A / A / x",
         "Comments " * 40 + "x", "Tags: " * 40, "Jane " * 40 + "@jane / x", "tel 1" * 50 + "x"]
for line in lines:
    is_marker(line)
    _truncation("The council met. " + line, ())
    verdict(line[:60], line)
print("done")
"""


def test_hostile_lines_do_not_hang_the_patterns():
    """Nested quantifiers once made a line of dates take minutes: each pattern must stay linear."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", HOSTILE_LINES], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "done", done.stderr


# -- residue kinds real extractors let in that a line's words alone did not show -----------------
@pytest.mark.parametrize(
    "line",
    [
        "Von Moritz Bachmann publiziert am 25. September 2018",
        "기사입력 :[ 2018-08-25 15:24 ]",
        "Jane Doe @janedoe / 2 days",
        "The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)",
        "The senator speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file",
        "Bild: Stefan Müller",
        "(Foto: ABr)",
        "» Publicidade",
        "chevron_left Browse All Posts",
        "Tags: Politics, Elections, Congress",
        "Related Roundup: MacBook Pro",
        "Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.",
        "GET FOX BUSINESS ON THE GO BY CLICKING HERE",
        "To listen to the complete interview, click here.",
        "Let our news meet your inbox. The news and stories that matter, delivered weekday mornings.",
        "Every day we send an email with the top stories from Example.",
        "You will also receive our morning briefing. You may unsubscribe from these newsletters at any time.",
        "The contents of this site are ©2019 Example Publishing Corp.",
        "ATENÇÃO: Comentários com textos ofensivos não serão aprovados pelo moderador.",
        "Comments that are off-topic will not be published.",
        "Example Daily 100 Main Street, Suite 9 | 202-555-0100 tel | 202-555-0101 fax",
    ],
)
def test_more_residue_lines_are_markers(line):
    assert is_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "The probe mapped the moon for a decade (NASA said the data would be public).",
        "He left the company. (The two had fallen out over pay.)",
        "The deal was done (CNN/HBO)",
        "Tagged animals were released on Tuesday.",
        "Related parties must disclose their stakes: the rule takes effect in May.",
        "Readers who follow the story on Facebook and Twitter saw the posts spread.",
        "Engineers said the heating would click on here and there during the night.",
        "Phishing emails that land in a company's systems cost it millions, the report said.",
        "The site of the new stadium was chosen in 2017.",
        "Comments by the minister were published in full on Monday.",
        "Call 202-555-0100 for tickets.",
        "Photo editors chose the picture because it told the story.",
    ],
)
def test_more_prose_lines_are_not_markers(line):
    assert not is_marker(line)


BIO = "Phil Helsel is a reporter for NBC News."


def test_an_author_bio_after_the_story_is_residue(engine, tmp_path):
    result = check_content(engine, tmp_path, "b.jsonl", record(*PROSE, BIO))
    assert [f.message for f in result.findings] == [
        "author bio after the story 'Phil Helsel is a reporter for NBC News.' (body paragraph 4)"
    ]


@pytest.mark.parametrize(
    "body",
    [
        [BIO, *PROSE],  # at the top it is the story's subject, not the page's bio
        [*PROSE, "Jane Doe is a teacher at the village school and has lived here for 30 years."],
    ],
)
def test_a_person_described_in_the_story_is_not_a_bio(engine, tmp_path, body):
    result = check_content(engine, tmp_path, "b.jsonl", record(*body))
    assert "NWS201" not in codes(result)


@pytest.mark.parametrize(
    ("title", "first"),
    [
        (
            "Thousands of teachers pack Statehouse for protest",
            "Thousands of teachers pack Statehouse for protest Tom Davies",
        ),
        (
            "The Early Reviews For Google",
            "The Early Reviews For Google's Stadia Platform Are Here — And They're Not Great",
        ),
        ("Opinion | Is Football Violence a Crime?", "Is Football Violence a Crime?"),
        ("Jedi: Fallen Order review - shoots for the moon - VG247", "Jedi: Fallen Order review – shoots for the moon"),
    ],
)
def test_the_pages_headline_block_as_the_first_paragraph_is_residue(engine, tmp_path, title, first):
    result = check_content(engine, tmp_path, "h.jsonl", record(first, *PROSE, title=title))
    assert [f.message[:48] for f in result.findings] == ["the page's headline block as the first paragraph"]


@pytest.mark.parametrize(
    ("title", "first"),
    [
        ("Council Approves Plan", "Council approves plan after a long debate, and work will start in spring."),
        (
            "Thousands of teachers pack Statehouse for protest",
            "Thousands of teachers packed the Statehouse on Tuesday.",
        ),
        ("Opinion | Is Football Violence a Crime?", "Football violence has led to lawsuits before."),
    ],
)
def test_a_lede_that_starts_like_the_headline_is_prose(engine, tmp_path, title, first):
    result = check_content(engine, tmp_path, "h.jsonl", record(first, *PROSE, title=title))
    assert "NWS201" not in codes(result)


def test_a_korean_main_news_list_is_a_related_block(engine, tmp_path):
    teasers = [
        "Entermedia 주요뉴스",
        "- 엘제이-류화영 진흙탕 싸움",
        "- 새 드라마 첫 방송 시청률 10%",
        "- 가수 컴백 무대 공개",
    ]
    result = check_content(engine, tmp_path, "k.jsonl", record(*PROSE, *teasers))
    assert codes(result) == ["NWS203"]


CREDITED = "The minister speaks in London, Sept. 26, 2024. (AP Photo/Kin Cheung, Pool, File)"


def test_a_caption_with_its_credit_is_residue_in_a_body(engine, tmp_path):
    result = check_content(engine, tmp_path, "c.jsonl", record(PROSE[0], CREDITED, *PROSE[1:]))
    assert codes(result) == ["NWS201"]


def test_a_caption_the_reader_found_as_a_caption_keeps_its_credit(engine, tmp_path):
    result = check_content(engine, tmp_path, "c.txt", text(CREDITED, *PROSE))
    assert "NWS201" not in codes(result)
