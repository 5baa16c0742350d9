"""A small hand-made ClassReport for format tests: awkward names included on purpose."""

from __future__ import annotations

from quest_engine.exports.report_model import (
    Activity,
    BadgeAward,
    ClassReport,
    FeedbackItem,
    PackInfo,
    QuestInfo,
    QuestRow,
    ReviewItem,
    StudentSummary,
    WritingItem,
)

EVIL = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert('hi')</script>"

K_ZOE = "0" * 31 + "1"
K_EVIL = "0" * 31 + "2"
K_AMIR = "0" * 31 + "3"


def sample_report(anonymized: bool = False) -> ClassReport:
    quests = (
        QuestInfo("launch-lab", "stem-lab", "Launch Lab", "physics", 2, 10, 120, 6),
        QuestInfo("moon-weight", "stem-lab", "Moon Weight", "space-science", 1, 8, 60, 3),
        QuestInfo("flight-log", "stem-lab", "Flight Log & <Notes>", "writing", 1, 15, 40, 1),
    )
    names = {K_ZOE: "Zoë Ångström", K_EVIL: EVIL, K_AMIR: "Amir " + SCRIPT}
    if anonymized:
        names = {K_ZOE: "Student Falcon-42", K_EVIL: "Student Otter-17", K_AMIR: "Student Lynx-88"}
    students = (
        StudentSummary(
            K_ZOE, names[K_ZOE], 180, 3, 2, 2, 2, 9, 1, 1500.0,
            "2026-03-02T09:00:00Z", "2026-03-04T10:30:00Z", 1,
        ),
        StudentSummary(
            K_EVIL, names[K_EVIL], 40, 1, 1, 0, 0, 4, 3, 600.0,
            "2026-03-02T09:05:00Z", "2026-03-02T09:15:00Z", 1,
        ),
        StudentSummary(K_AMIR, names[K_AMIR]),
    )  # fmt: skip
    rows = []
    for key in (K_ZOE, K_EVIL, K_AMIR):
        for q in quests:
            rows.append(QuestRow(key, names[key], q.id, q.pack_id, q.title))
    rows[0] = QuestRow(
        K_ZOE, names[K_ZOE], "launch-lab", "stem-lab", "Launch Lab", "completed", 0.8333,
        7, 1, 120, 900.0, "2026-03-02T09:00:00Z", "2026-03-02T09:15:00Z", ("Rocketeer",),
    )  # fmt: skip
    rows[1] = QuestRow(
        K_ZOE, names[K_ZOE], "moon-weight", "stem-lab", "Moon Weight", "completed", 1.0,
        2, 0, 60, 300.0, "2026-03-03T09:00:00Z", "2026-03-03T09:05:00Z",
    )  # fmt: skip
    rows[2] = QuestRow(
        K_ZOE, names[K_ZOE], "flight-log", "stem-lab", "Flight Log & <Notes>", "in_progress",
        None, 0, 0, 0, 300.0, "2026-03-04T10:25:00Z", None, (), "submitted",
    )  # fmt: skip
    rows[3] = QuestRow(
        K_EVIL, names[K_EVIL], "launch-lab", "stem-lab", "Launch Lab", "in_progress", 0.25,
        4, 3, 40, 600.0, "2026-03-02T09:05:00Z", None,
    )  # fmt: skip
    rows[5] = QuestRow(
        K_EVIL, names[K_EVIL], "flight-log", "stem-lab", "Flight Log & <Notes>", "in_progress",
        None, 0, 0, 0, 0.0, "2026-03-02T09:10:00Z", None, (), "approved",
    )  # fmt: skip
    badges = (
        BadgeAward(
            "e-badge-1", K_ZOE, names[K_ZOE], "rocketeer", "stem-lab", "Rocketeer",
            "Landed a capsule on target.", "Finish the Launch Lab quest.",
            "2026-03-02T09:15:00Z", "launch-lab", None, "#e4572e", ("sub-evil",),
        ),
    )  # fmt: skip
    waiting = WritingItem(
        "sub-zoe", K_ZOE, names[K_ZOE], "flight-log", "Flight Log & <Notes>", "log",
        "Write a flight log for mission control.",
        "Today our capsule flew 40 m. " + SCRIPT + " It landed on the pad.",
        "2026-03-04T10:30:00Z", "teacher", "submitted", False,
    )  # fmt: skip
    shared = WritingItem(
        "sub-evil", K_EVIL, names[K_EVIL], "flight-log", "Flight Log & <Notes>", "log",
        "Write a flight log for mission control.",
        "We tried 30° first & it fell short. Then 45° worked!",
        "2026-03-02T09:14:00Z", "peer", "approved", True,
        (
            FeedbackItem(
                names[K_ZOE], "You explained each try.", "The 30° part was clear.",
                "Say how far it flew.", "2026-03-02T10:00:00Z",
            ),
            FeedbackItem("A classmate", "Nice <b>story</b>", "Good numbers", "Add a drawing"),
        ),
        (ReviewItem("Ms. Rivera", "Well done!", True, (("clarity", 3),), "2026-03-02T11:00:00Z"),),
    )  # fmt: skip
    activities = (
        Activity("e-1", K_ZOE, "attempted", "launch-lab", "2026-03-02T09:00:00Z"),
        Activity(
            "e-2", K_ZOE, "answered", "launch-lab", "2026-03-02T09:02:00Z", "predict",
            success=False, response="a30", duration_s=40.5,
        ),
        Activity(
            "e-3", K_ZOE, "answered", "launch-lab", "2026-03-02T09:03:00Z", "predict",
            success=True, response="a45", duration_s=12.25,
        ),
        Activity("e-4", K_ZOE, "experienced", "launch-lab", "2026-03-02T09:04:00Z", "bonus"),
        Activity(
            "e-5", K_ZOE, "failed", "launch-lab", "2026-03-02T09:06:00Z", "measure",
            success=False,
        ),
        Activity(
            "e-6", K_ZOE, "completed", "launch-lab", "2026-03-02T09:15:00Z",
            completion=True, success=True, score_raw=5, score_max=6, duration_s=900.0,
        ),
        Activity(
            "e-6", K_ZOE, "passed", "launch-lab", "2026-03-02T09:15:00Z",
            completion=True, success=True, score_raw=5, score_max=6, duration_s=900.0,
        ),
        Activity(
            "e-7", K_EVIL, "attempted", "launch-lab", "2026-03-02T09:05:00Z",
        ),
    )  # fmt: skip
    return ClassReport(
        class_name="Room 12 <Science> & Co",
        generated_at="2026-03-05T08:00:00Z",
        anonymized=anonymized,
        students=students,
        quests=quests,
        rows=tuple(rows),
        badges=badges,
        awaiting_review=(waiting,),
        shared_writing=(shared,),
        activities=activities,
        packs=(PackInfo("stem-lab", "STEM Lab", "1.0.0", "en"),),
        class_id="class-1",
    )
