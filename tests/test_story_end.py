"""Where the story ends (NWS301) and what counts as a copy (NWS103), on the shapes real
extractors produce: a page footer after the copyright line, a call to action or a lone link
after the story, a promo or a related list glued to the last sentence, a teaser of another
post after the footer menu, a gallery caption printed whole and collapsed. Each case has a
firing twin: a real cut followed by the same residue is still found."""

from __future__ import annotations

import json

import pytest

from tests.helpers import check_content, codes

PROSE = [
    "The council met on Monday and approved the plan after a long debate about the budget.",
    "Residents welcomed the decision, which had been delayed for months by legal challenges.",
    "The mayor said construction would begin in the spring and take about two years.",
]
CUT = "Officials said the work would be paid for by the"
MENU = ["Home", "News", "Sport", "Business", "Contact us", "Privacy Policy"]


def record(*paragraphs: str, title: str = "Council Approves Plan") -> str:
    return json.dumps({"title": title, "body": "\n".join(paragraphs)}) + "\n"


def truncated(engine, tmp_path, *paragraphs: str) -> bool:
    return "NWS301" in codes(check_content(engine, tmp_path, "t.jsonl", record(*paragraphs)))


FOOTER = [
    "© 2019 CNBC LLC. All Rights Reserved. A Division of NBCUniversal",
    "Data is a real-time snapshot *Data is delayed at least 15 minutes.",
    "Data also provided by",
]


def test_the_footer_after_a_copyright_line_is_not_the_story(engine, tmp_path):
    assert not truncated(engine, tmp_path, *PROSE, *FOOTER)
    assert not truncated(
        engine, tmp_path, *PROSE, "##### Copyright The Channel Company, All rights reserved", "x", "ContinueLearn more"
    )


def test_a_photo_credit_or_a_copyright_far_from_the_end_does_not_end_the_story(engine, tmp_path):
    assert truncated(engine, tmp_path, *PROSE, "© AP Photo/Jane Doe", PROSE[0], CUT)
    assert truncated(engine, tmp_path, PROSE[0], "© 2019 Example Media", *(PROSE * 4), CUT)
    assert truncated(engine, tmp_path, *PROSE, "Section 230(c) of the act shields platforms.", CUT)


@pytest.mark.parametrize(
    "residue",
    [
        "Get Motor Cycle Monthly delivered through your door every month Click here",
        "To Read the Full Story",
        "Continue reading →",
        "Follow our live coverage on your phone",
    ],
)
def test_a_call_to_action_after_the_story_is_skipped_and_a_cut_before_it_found(engine, tmp_path, residue):
    assert not truncated(engine, tmp_path, *PROSE, residue)
    assert truncated(engine, tmp_path, *PROSE, CUT, residue)


@pytest.mark.parametrize("cut", ["Try the soup, the chef said, and you will want the", "Get your tickets from the"])
def test_a_cut_sentence_that_opens_like_a_call_is_still_a_cut(engine, tmp_path, cut):
    assert truncated(engine, tmp_path, *PROSE, cut)
    assert truncated(engine, tmp_path, *PROSE, PROSE[0] + " " + cut)


def test_a_wrapped_line_that_ends_with_a_call_is_still_judged_whole(engine, tmp_path):
    # html2text wraps paragraphs: the call's line also holds the end of the sentence before it.
    lines = [
        *PROSE,
        "The material may not be used except with the prior written permission of",
        "Example Media. Visit our affiliate website: example.net",
    ]
    assert not truncated(engine, tmp_path, *lines)


@pytest.mark.parametrize(
    "glued",
    [
        "Torn between the latest phones? Never fear—check out our iPhone buying guide and favorite Android phones",
        "It is mandatory to procure user consent. Get Motor Cycle Monthly delivered through your door every month",
        "The band sits third in the Fan Vote.You may also like...Who will make the Rock Hall in 2020?Dave Matthews "
        "Band takes over Rock Hall Fan VoteFans really want The Doobie Brothers in the Rock Hall",
    ],
)
def test_a_promo_or_related_list_glued_to_the_last_sentence_is_not_a_cut(engine, tmp_path, glued):
    assert not truncated(engine, tmp_path, *PROSE, PROSE[0] + " " + glued)


@pytest.mark.parametrize(
    "glued",
    [
        "Torn between two offers? Never fear, the council will review both of them in the spring",
        "The band sits third in the Fan Vote. You may also wonder who will make the Rock Hall in the end",
    ],
)
def test_a_cut_sentence_like_a_promo_is_still_a_cut(engine, tmp_path, glued):
    assert truncated(engine, tmp_path, *PROSE, PROSE[0] + " " + glued)


def test_a_last_sentence_that_opens_a_list_is_not_a_cut(engine, tmp_path):
    # After a colon came a list, a table or an embed the extractor dropped.
    assert not truncated(engine, tmp_path, *PROSE, "The bundle includes Hulu. Here is how to sign up for the package:")
    assert truncated(engine, tmp_path, *PROSE, "The bundle includes Hulu. Here is how to sign up for the package,")


def test_a_german_closing_quote_ends_a_sentence(engine, tmp_path):
    assert not truncated(
        engine, tmp_path, *PROSE, "„Falls wieder etwas sein sollte, werden Sie meine erste Wahl sein.“"
    )
    assert truncated(engine, tmp_path, *PROSE, "The minister told reporters on Monday “")


TEASER = [
    "Acme Presentation at AdTech 2018: Acme has been shortlisted for",
    "a ‘Native Advertising Platform/Network of...",
]


def test_a_teaser_after_the_story_and_the_footer_menu_is_not_a_cut(engine, tmp_path):
    assert not truncated(engine, tmp_path, *PROSE, *MENU, "Facebook-f __ Linkedin-in __ Twitter __", *TEASER)


def test_a_teaser_is_a_cut_without_a_story_above_the_menu_or_without_the_menu(engine, tmp_path):
    assert truncated(engine, tmp_path, *MENU, *TEASER)
    assert truncated(engine, tmp_path, *PROSE, *TEASER)


CAPTION = (
    "Karma Automotive's Andreas Thurner, left, and Todd George unveil the Karma Vision concept vehicle at the "
    "Automobility LA Auto Show in Los Angeles, Tuesday, Nov. 19, 2019."
)
COLLAPSED = CAPTION[:120].rsplit(" ", 1)[0]


def test_a_gallery_caption_printed_whole_and_collapsed_twice_is_a_duplicate(engine, tmp_path):
    body = [PROSE[0], CAPTION, COLLAPSED, "less", PROSE[1], CAPTION, COLLAPSED, "... more", PROSE[2]]
    found = [f for f in check_content(engine, tmp_path, "g.jsonl", record(*body)).findings if f.code == "NWS103"]
    assert [f.message[:48] for f in found] == ["paragraph printed 2 times (body paragraphs 2, 6)"]


@pytest.mark.parametrize(
    "sibling", ["Add the flour and the sugar", "Add the flour and the butter, then knead the dough."]
)
def test_lines_cut_from_one_pattern_are_still_content(engine, tmp_path, sibling):
    # A much shorter line a step starts with, or another step, is a sibling from the recipe's
    # pattern, not a collapsed copy of the repeated step.
    step = "Add the flour and the sugar to the bowl, then stir until smooth."
    body = [PROSE[0], sibling, step, PROSE[1], step, PROSE[2]]
    assert "NWS103" not in codes(check_content(engine, tmp_path, "r.jsonl", record(*body)))


def _page(suffix: str, paragraphs: list[str]) -> str:
    if suffix == ".html":
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f"<html><body><article><h1>Council Approves Plan</h1>{body}</article></body></html>"
    if suffix == ".md":
        return "# Council Approves Plan\n\n" + "\n\n".join(paragraphs) + "\n"
    return "Council Approves Plan\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_the_story_end_is_found_in_every_format(engine, tmp_path, suffix):
    promo = "Get Motor Cycle Monthly delivered through your door every month Click here"

    def fired(*paragraphs: str) -> bool:
        return "NWS301" in codes(check_content(engine, tmp_path, "p" + suffix, _page(suffix, list(paragraphs))))

    assert not fired(*PROSE, promo)
    assert fired(*PROSE, CUT, promo)
    assert not fired(*PROSE, *FOOTER)
