from __future__ import annotations

from quest_engine.content.markup import ListItem, Paragraph, Span, parse_markup


def test_emphasis_strong_and_lists():
    blocks = parse_markup(
        "Mission control here. A *supply capsule* must land.\n- Set the **angle**\n- Set the **speed**\n"
    )
    assert blocks == (
        Paragraph(
            (
                Span("Mission control here. A "),
                Span("supply capsule", emphasis=True),
                Span(" must land."),
            )
        ),
        ListItem((Span("Set the "), Span("angle", strong=True))),
        ListItem((Span("Set the "), Span("speed", strong=True))),
    )


def test_blank_lines_separate_paragraphs_and_lines_join():
    blocks = parse_markup("One\ntwo.\n\nThree.")
    assert blocks == (Paragraph((Span("One two."),)), Paragraph((Span("Three."),)))


def test_emphasis_inside_strong():
    (block,) = parse_markup("**very *big* deal**")
    assert block.spans == (
        Span("very ", strong=True),
        Span("big", emphasis=True, strong=True),
        Span(" deal", strong=True),
    )


def test_stray_stars_stay_literal():
    (block,) = parse_markup("2 * 3 = 6 and a lone * star")
    assert block.spans == (Span("2 * 3 = 6 and a lone * star"),)


def test_empty_text_has_no_blocks():
    assert parse_markup("") == ()
    assert parse_markup("\n\n") == ()
