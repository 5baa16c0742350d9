"""`export_people` / `import_people`: the public pair `quest store copy` uses to move classes,
students (with PIN hashes) and the facilitator between stores. Runs on both backends."""

from __future__ import annotations

import pytest

from quest_engine.errors import QuestError
from quest_engine.store.sqlite_backend import SQLiteStore


def test_people_move_between_stores_once_and_a_pin_still_works(classroom, tmp_path):
    s = classroom.store
    token = classroom.token
    s.add_student(token, classroom.room.id, "Cy", "cat", pin="2580")
    other = s.create_class(token, "Room 13")
    s.add_student(token, other.id, "Di", "owl")

    rows = s.export_people(classroom.room.id)
    assert [r[1] for r in rows["classes"]] == ["Room 12"]
    assert sorted(r[2] for r in rows["students"]) == ["Ada", "Ben", "Cy"]

    with SQLiteStore(tmp_path / "laptop.sqlite3") as laptop:
        assert laptop.import_people(rows) == {"classes": 1, "students": 3, "facilitators": 0}
        assert laptop.import_people(rows) == {"classes": 0, "students": 0, "facilitators": 0}
        room = laptop.class_by_name("Room 12")
        cy = next(st for st in laptop.students(room.id) if st.display_name == "Cy")
        assert laptop.check_pin(cy.id, "2580") and not laptop.check_pin(cy.id, "0000")
        # and back: nothing new for the source
        back = laptop.export_people()
    assert s.import_people(back) == {"classes": 0, "students": 0, "facilitators": 0}


def test_importing_a_different_class_with_a_taken_name_is_a_clear_error(classroom, tmp_path):
    with SQLiteStore(tmp_path / "laptop.sqlite3") as laptop:
        laptop.create_class(laptop.verify_facilitator(None), "Room 12")  # another Room 12
        with pytest.raises(QuestError, match="already has a different class"):
            laptop.import_people(classroom.store.export_people(classroom.room.id))
