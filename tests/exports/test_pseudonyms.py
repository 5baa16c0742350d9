"""Names inside free text become pseudonyms in anonymised exports."""

from __future__ import annotations

from quest_engine.exports.pseudonyms import name_replacer

LABELS = {
    "Zoë Ångström": "Student Falcon-42",
    "Ben Okafor": "Student Otter-17",
    "Ben Lee": "Student Lynx-88",
    '=HYPERLINK("http://x","y")': "Student Heron-10",
}


def test_full_names_in_any_case_and_parts_as_written():
    scrub = name_replacer(LABELS)
    assert scrub("Great work ZOË ÅNGSTRÖM!") == "Great work Student Falcon-42!"
    assert scrub("Zoë helped Okafor.") == "Student Falcon-42 helped Student Otter-17."
    assert scrub('see =HYPERLINK("http://x","y")') == "see Student Heron-10"


def test_a_shared_first_name_becomes_a_classmate_and_words_inside_words_stay():
    scrub = name_replacer(LABELS)
    assert scrub("Ben said so") == "a classmate said so"
    assert scrub("Benjamin and zoëtrope") == "Benjamin and zoëtrope"
    assert scrub("no names here") == "no names here"
