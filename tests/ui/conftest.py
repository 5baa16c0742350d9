"""Headless pygame for every UI test, a private settings folder, and a Pilot on a fake service."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from fake_service import FakeService  # noqa: E402


@pytest.fixture(autouse=True)
def _private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("QUEST_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def service():
    return FakeService()


@pytest.fixture
def make_pilot(service):
    from quest_engine.ui.app import App
    from quest_engine.ui.pilot import Pilot

    apps = []

    def make(size=(1280, 720), svc=None):
        app = App(svc or service, size=size)
        apps.append(app)
        return Pilot(app)

    yield make
    for app in apps:
        app.quit()


@pytest.fixture
def pilot(make_pilot):
    return make_pilot()


@pytest.fixture
def hub(pilot):
    pilot.click("Room 12")
    pilot.click("Maya")
    return pilot
