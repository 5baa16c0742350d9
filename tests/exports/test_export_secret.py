"""The pseudonym secret belongs to the store, not to whoever connects to it or how."""

from __future__ import annotations

import hashlib

import pytest

from quest_engine.exports import datadir
from quest_engine.exports.datadir import canonical_location, export_secret
from quest_engine.exports.pseudonyms import pseudonym_for, student_key

URL = "postgresql://teacher:old-pass@DB.school.example:5432/quest?sslmode=require"
SAME_STORE = (
    "postgresql://teacher:new-pass@db.school.example/quest",  # password changed
    "postgresql://teacher:***@db.school.example:5432/quest",  # the store's masked location
    "postgres://db.school.example/quest?user=teacher&password=x",  # password as a parameter
    "postgresql://other-user:pw@db.school.example:5432/quest",  # another facilitator
)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(datadir, "user_data_dir", lambda: tmp_path / "data")
    return tmp_path / "data"


def test_a_new_password_or_the_masked_url_keeps_every_pseudonym(data_dir):
    secret = export_secret(URL)
    label = pseudonym_for(student_key(secret, "student-1"))
    for location in SAME_STORE:
        assert export_secret(location) == secret, location
        assert pseudonym_for(student_key(export_secret(location), "student-1")) == label
    (only,) = data_dir.iterdir()
    assert "old-pass" not in only.name and "new-pass" not in only.name


def test_another_database_or_server_gets_its_own_secret(data_dir):
    secret = export_secret(URL)
    assert export_secret("postgresql://teacher:old-pass@db.school.example/other") != secret
    assert export_secret("postgresql://teacher:old-pass@db2.school.example/quest") != secret


def test_canonical_location_drops_credentials_and_options():
    for location in (URL, *SAME_STORE):
        assert canonical_location(location) == "postgresql://db.school.example:5432/quest"


def test_a_secret_kept_under_the_old_key_is_adopted(data_dir):
    """Earlier versions keyed the secret by the whole URL; its pseudonyms stay."""
    data_dir.mkdir()
    old = data_dir / f"export-secret-{hashlib.sha256(URL.encode()).hexdigest()[:16]}"
    old.write_text("ab" * 32 + "\n", encoding="ascii")
    assert export_secret(URL) == bytes.fromhex("ab" * 32)
    assert export_secret(SAME_STORE[0]) == bytes.fromhex("ab" * 32)


def test_a_file_store_keeps_its_secret_next_to_it(tmp_path):
    store = tmp_path / "progress.sqlite3"
    secret = export_secret(str(store))
    assert (tmp_path / "progress.sqlite3.export-secret").stat().st_mode & 0o077 == 0
    assert export_secret(str(tmp_path / "." / "progress.sqlite3")) == secret
