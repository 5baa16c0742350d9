"""PostgreSQL specifics. The shared behaviour runs in every store test (the `store` fixture
is parametrised over both backends); these check what only the PostgreSQL store has."""

from __future__ import annotations

import threading

import psycopg
import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.api import Store
from quest_engine.store.postgres_backend import (
    LATEST_VERSION,
    MIGRATIONS,
    PostgresStore,
    StoreUnreachable,
    redact_url,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url):
    s = PostgresStore(pg_url)
    yield s
    s.close()


@pytest.fixture
def room(pg):
    token = pg.verify_facilitator(None)
    cls = pg.create_class(token, "Room 7")
    ada = pg.add_student(token, cls.id, "Ada", "fox", pin="2580")
    return pg, token, cls, ada


def test_open_store_selects_postgres_for_a_url(pg_url):
    with open_store(pg_url, offline=False) as s:
        assert isinstance(s, PostgresStore)
        assert isinstance(s, Store)
        assert s.check().ok


def test_location_never_shows_the_password(pg_url):
    with PostgresStore(pg_url) as s:
        assert "quest-test" not in s.location
        assert "***" in s.location
    assert redact_url("postgresql://u:secret@h:5/db") == "postgresql://u:***@h:5/db"
    assert redact_url("postgresql://u@h/db?password=secret&sslmode=require") == (
        "postgresql://u@h/db?password=***&sslmode=require"
    )
    assert redact_url("postgresql://u:secret@[::1/db") == "postgresql://u:***@[::1/db"
    assert redact_url("postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://quest:hunter22@[::1/quest",  # libpq quotes the whole URL back
        "postgresql://quest:hunter22@host/quest?colour=blue",
        "postgresql://quest:hunter22@host/qu%zzest",
    ],
)
def test_a_malformed_url_is_one_clear_line_without_the_password(url, capsys):
    with pytest.raises(QuestError, match="not a valid PostgreSQL URL") as caught:
        PostgresStore(url)
    assert "hunter22" not in str(caught.value) and "quest:***@" in str(caught.value)
    from quest_engine.cli.main import main

    assert main(["--store", url, "progress"]) == 1
    out = capsys.readouterr()
    assert "hunter22" not in out.out + out.err and "internal error" not in out.err


def test_migrations_are_recorded_once_even_when_run_again(pg, pg_url):
    assert pg.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert pg.migrate() == []
    with PostgresStore(pg_url) as again:  # a second machine opening the same database
        assert again.schema_version == LATEST_VERSION
    assert pg.check().schema_version == LATEST_VERSION


def test_a_database_from_a_newer_version_is_refused(pg, pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO migrations VALUES (99, 'pg099_future', 'x')")
    with pytest.raises(QuestError, match="newer Quest Engine"):
        PostgresStore(pg_url)


def test_create_false_refuses_an_empty_database(pg_url):
    with pytest.raises(QuestError, match="no progress store"):
        PostgresStore(pg_url, create=False)


def test_badge_uniqueness_is_a_database_constraint(room, pg_url):
    pg, _token, _cls, ada = room
    pg.append([stamp(ev.BadgeEarned("rocketeer", "q"), ada.id)])
    with psycopg.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                "INSERT INTO rm_badge (student_id, badge_id, quest_id, at) "
                "VALUES (%s, 'rocketeer', '', 't')",
                (ada.id,),
            )


def test_a_pin_is_stored_only_as_a_salted_hash(room, pg_url):
    pg, _token, _cls, ada = room
    with psycopg.connect(pg_url) as conn:
        (stored,) = conn.execute(
            "SELECT pin_hash FROM students WHERE id = %s", (ada.id,)
        ).fetchone()
    assert "2580" not in stored and stored.startswith("scrypt$")
    assert pg.check_pin(ada.id, "2580") and not pg.check_pin(ada.id, "0000")


def test_a_batch_is_one_transaction(room, monkeypatch):
    import quest_engine.store.postgres_backend as backend

    pg, _token, _cls, ada = room
    before = len(list(pg.events()))
    real_apply = backend.apply

    def failing_apply(rm, row):
        if row.type == ev.HintUsed.type:
            raise RuntimeError("boom")
        real_apply(rm, row)

    monkeypatch.setattr(backend, "apply", failing_apply)
    with pytest.raises(RuntimeError):
        pg.append([stamp(e, ada.id) for e in (ev.XpGained(5, "step"), ev.HintUsed("q", "s", 0))])
    monkeypatch.setattr(backend, "apply", real_apply)
    assert len(list(pg.events())) == before
    assert pg.student_summary(ada.id).xp == 0


def test_store_check_notices_read_models_that_drifted_from_the_log(room, pg_url):
    pg, _token, _cls, ada = room
    pg.append([stamp(ev.XpGained(30, "step"), ada.id)])
    assert pg.check().ok
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE rm_student SET xp = 999")
    result = pg.check()
    assert not result.ok and "differs from the log" in result.problems[0]
    pg.rebuild()
    assert pg.check().ok and pg.student_summary(ada.id).xp == 30


def test_the_store_reconnects_after_the_server_restarts(pg_server, room):
    if not pg_server.controllable:
        pytest.skip("QUEST_TEST_PG points at a server these tests may not stop")
    pg, _token, cls, ada = room
    pg.append([stamp(ev.XpGained(10, "step"), ada.id)])
    pg_server.stop()
    try:
        with pytest.raises(StoreUnreachable, match="cannot be reached"):
            pg.class_board(cls.id)
    finally:
        pg_server.start()
    pg.append([stamp(ev.XpGained(5, "step"), ada.id)])
    assert [r.xp for r in pg.class_board(cls.id)] == [15]


def test_class_names_are_unique_ignoring_case(room):
    pg, token, _cls, _ada = room
    with pytest.raises(QuestError, match="already a class"):
        pg.create_class(token, "ROOM 7")
    assert pg.class_by_name("room 7").name == "Room 7"


def test_purging_a_student_leaves_no_trace_in_the_shared_database(room, pg_url):
    pg, token, cls, ada = room
    gone = pg.add_student(token, cls.id, "Quillon Zebedee", "cat")
    ben = pg.add_student(token, cls.id, "Ben", "owl")
    pg.append(
        [
            stamp(ev.WorkSubmitted("w-ada", "q", "log", "Ada's story", "peer", True), ada.id),
            stamp(
                ev.WorkSubmitted("w-gone", "q", "log", "Quillon Zebedee's tale", "peer", True),
                gone.id,
            ),
            stamp(ev.DraftSaved("q", "log2", "draft by Quillon Zebedee"), gone.id),
            stamp(ev.BadgeEarned("star", "q"), gone.id),
            stamp(ev.WorkReviewed("w-ada", gone.id, {"c": 2}, "nice", True), ada.id),
        ]
    )
    pg.give_feedback(gone.id, "w-ada", "Vivid", "The ending", "A title")
    pg.give_feedback(ben.id, "w-gone", "Great work Quillon Zebedee", "Numbers", "More")

    report = pg.purge_student(token, gone.id)
    assert (report.submissions_deleted, report.feedback_kept) == (1, 1)
    with psycopg.connect(pg_url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        ]
        found = [
            t
            for t in tables
            for row in conn.execute(f"SELECT * FROM {t}")
            if any("Quillon" in str(v) or gone.id in str(v) for v in row)
        ]
    assert found == []
    kept = pg.submission("w-ada").feedback
    assert [(f.kind, f.from_student_id) for f in kept] == [("Vivid", "")]
    assert [r.reviewer for r in pg.submission("w-ada").reviews] == [""]
    assert [s.display_name for s in pg.students(cls.id)] == ["Ada", "Ben"]
    assert pg.check().ok


def test_every_acknowledged_event_survives_a_server_crash(pg_server, room):
    """The server is killed (immediate stop: no checkpoint) while a client appends; after
    the restart replays its log, everything the client was told is stored is there."""
    if not pg_server.controllable:
        pytest.skip("QUEST_TEST_PG points at a server these tests may not stop")
    pg, _token, _cls, ada = room
    acked: list[str] = []
    crashed = threading.Event()

    def play() -> None:
        for i in range(100_000):
            try:
                added = pg.append([stamp(ev.XpGained(1, "step", "q", f"s{i}"), ada.id)])
            except StoreUnreachable:
                return
            acked.extend(e.event_id for e in added)
            if len(acked) == 50:
                crashed.set()

    player = threading.Thread(target=play)
    player.start()
    assert crashed.wait(60)
    pg_server.stop("immediate")
    player.join(60)
    pg_server.start()
    stored = {e.event_id for e in pg.events(student_id=ada.id)}
    assert len(acked) >= 50 and set(acked) <= stored
    assert pg.student_summary(ada.id).xp == len(stored) - 1  # all but ProfileCreated
    assert pg.check().ok


def test_a_silently_dead_network_fails_in_seconds_and_the_url_can_say_otherwise(pg_url):
    """TCP alone waits ~15 minutes on a network that vanished mid-call (a frozen game); the
    store asks for keepalives and a send timeout, unless the URL sets its own."""
    with PostgresStore(pg_url) as s:
        settings = s._connection().info.get_parameters()
        assert settings["tcp_user_timeout"] == "15000" and settings["keepalives"] == "1"
    with PostgresStore(pg_url + "&tcp_user_timeout=4000&application_name=lab") as s:
        settings = s._connection().info.get_parameters()
        assert settings["tcp_user_timeout"] == "4000" and settings["application_name"] == "lab"


def test_a_read_only_database_says_so(pg, pg_url):
    """A read-only session (a replica, or a role that may not write) is refused on open as
    a read-only SQLite file is, instead of failing at the first move."""
    from urllib.parse import quote

    read_only = pg_url.replace(
        "options=", "options=" + quote("-cdefault_transaction_read_only=on ", safe=""), 1
    )
    assert read_only != pg_url
    with pytest.raises(QuestError, match="read-only") as caught:
        PostgresStore(read_only)
    assert "quest-test" not in str(caught.value)
