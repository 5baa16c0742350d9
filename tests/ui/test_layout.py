"""Layout checks on the real game at 1024x600, 1280x720 and 1920x1080, with the default look
and with high contrast + extra-large text + the dyslexia font: every control inside the
window, no two controls on top of each other, notices clear of the controls, and the text
blocks that once ran into buttons (hub XP line, sign-in title, celebration words, scroll
cues, the facilitator's rubric, the writing rubric in the brief panel) kept clear of them."""

from __future__ import annotations

import shutil

import pygame
import pytest
from e2e_player import open_game

from quest_engine.app.service import GameService
from quest_engine.content.loader import load_bundled_packs
from quest_engine.rules.autoplay import solve_challenge
from quest_engine.store import open_store
from quest_engine.ui.controls import TextField
from quest_engine.ui.settings import Settings

SIZES = [(1024, 600), (1280, 720), (1920, 1080)]
LOOKS = {
    "default": {},
    "access": {"high_contrast": True, "text_size": "x-large", "dyslexia_font": True},
}
ESSAY = (
    "When you run your muscles work harder and need more oxygen so your heart beats "
    "faster and pushes blood around your body to carry that oxygen to the legs. "
) * 3


def _play(session, quest_id: str, stop_kind: str | None = None) -> None:
    """Right answers through the facade, stopping at the first `stop_kind` step."""
    session.start(quest_id)
    for _ in range(200):
        view = session.current()
        if view is None:
            return
        ch = view.step.challenge
        if view.awaiting == "answer" and ch is not None:
            if stop_kind and ch.kind == stop_kind:
                return
            if ch.kind == "write":
                session.submit_work(ESSAY)
            else:
                session.submit(solve_challenge(ch))
            continue
        if session.proceed() is None:
            return


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, packs):
    """A class with progress, shared writing and work waiting for review (copied per test)."""
    path = tmp_path_factory.mktemp("seed") / "class.db"
    service = GameService(open_store(str(path)), packs)
    klass = service.create_class("Room 12")
    ana = service.sign_in(service.create_student(klass.id, "Ana", "sofia").id)
    _play(ana, "fraction-trail")
    _play(ana, "heartbeat-lab")
    _play(ana, "code-the-dance")  # self-reviewed: on the board, so Maya sees the feedback form
    ben = service.sign_in(service.create_student(klass.id, "Benedict Cumberbatch", "hoot").id)
    _play(ben, "fan-fiction-forge")
    maya = service.sign_in(service.create_student(klass.id, "Maya", "amara").id)
    _play(maya, "fraction-trail")
    _play(maya, "newsroom-scoop", stop_kind="write")
    maya.leave()
    service.store.close()
    return path


def _game(seeded, tmp_path, size, look):
    db = tmp_path / "class.db"
    shutil.copy(seeded, db)
    pilot = open_game(db, load_bundled_packs(), tmp_path)
    pilot.app.apply_settings(Settings(sound=False, reduced_motion=True, **LOOKS[look]))
    pilot.resize(*size)
    return pilot


def _pick(pilot, label: str) -> None:
    for _ in range(10):
        if label in pilot.labels():
            break
        pilot.click("Next page")
    pilot.click(label)


def _check_controls(pilot) -> None:
    w, h = pilot.app.size
    window = pygame.Rect(0, 0, w, h)
    scene = pilot.app.top
    controls = [c for c in scene.controls() if c.rect.width]
    assert controls
    for c in controls:
        assert window.contains(c.rect), f"{c.label!r} {c.rect} leaves the {w}x{h} window"
    rects = [(c.label, c.rect) for c in controls if type(c).__name__ != "ComponentControl"]
    # a challenge's own targets sit inside its card: check the scene's controls among
    # themselves and against the card, the card's targets among themselves
    for i, (la, ra) in enumerate(rects):
        for lb, rb in rects[i + 1 :]:
            assert not ra.colliderect(rb), f"{la!r} {ra} overlaps {lb!r} {rb}"
    for field in (c for c in controls if isinstance(c, TextField)):
        caption = field.caption or field.label
        room = field.rect.width - 4
        assert scene.theme.measure(caption, "small", True) <= room, f"{caption!r} is cut"
    if scene.message:
        pill, _lines = scene.message_rect()
        assert window.contains(pill)
        for label, r in rects:
            assert not pill.colliderect(r), f"the notice covers {label!r}"


def _open(pilot, screen: str) -> None:
    if screen == "first-run":
        return
    if screen == "create":
        pilot.click("Room 12")
        pilot.click("I'm new here")
        return
    if screen == "facilitator":
        pilot.click("I'm a facilitator")
        pilot.press("enter")
        return
    pilot.click("Room 12")
    _pick(pilot, "Maya")
    if screen == "hub-locked":
        pilot.click("Moon Weight")
    elif screen == "board-team":
        pilot.click("Class board")
    elif screen == "board-writing":
        pilot.click("Class board")
        pilot.click("Shared writing")
    elif screen == "writing":
        pilot.open_quest("Newsroom Scoop")
    elif screen == "settings":
        pilot.click("Settings")
    elif screen == "celebration":
        from quest_engine.ui.scenes.celebration import CelebrationScene

        badge = pilot.app.service.badge("rocketeer")
        pilot.app.push(CelebrationScene(pilot.app, (badge,), 3, quest_title="Launch Lab", xp=40))
        pilot.frames(2)


SCREENS = [
    "create",
    "hub",
    "hub-locked",
    "board-team",
    "board-writing",
    "writing",
    "settings",
    "celebration",
    "facilitator",
]


@pytest.mark.parametrize("look", sorted(LOOKS))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("screen", SCREENS)
def test_screens_fit_without_overlaps(seeded, tmp_path, screen, size, look):
    pilot = _game(seeded, tmp_path, size, look)
    try:
        _open(pilot, screen)
        pilot.frames(2)
        _check_controls(pilot)
        scene = pilot.app.top
        t = scene.theme
        if screen == "hub":
            buttons = [c.rect.x for c in scene.controls() if c.rect.y < t.top_bar_height()]
            assert scene.header_right <= min(buttons), "the XP line runs under a button"
        if screen == "hub-locked":
            card = scene.card()
            assert card is not None and card.status == "locked", card
            locked = next(c for c in scene.widgets if c.label == "Locked")
            # what unlocks it is said in full, above the Locked button, inside the card
            box = scene._card_rect(scene.regions()[2])
            lines = scene.unlock_lines(card, box.width - 2 * t.pad - t.px(28))
            assert " ".join(lines).split() == "Unlock by: Finish Launch Lab".split(), lines
            assert scene.card_text_bottom <= locked.rect.top, "'Unlock by' under the button"
            assert box.contains(locked.rect)
        if screen == "create":
            faces = [c for c in scene.controls() if c.label.startswith("Avatar ")]
            assert faces and min(c.rect.width for c in faces) >= 64, "faces too small"
            hero, _main = scene.panels()
            assert hero.contains(scene.title_rect), "the title leaves the side panel"
        if screen == "celebration":
            button = next(c for c in scene.controls() if c.label == "Awesome!")
            assert scene.text_bottom <= button.rect.top - 4, "words touch the button"
        if screen == "writing":
            panel = scene.rubric_panel
            assert panel is not None, "the rubric belongs in the brief panel"
            story = scene.regions()["story"]
            assert story.contains(panel.rect)
        if screen == "board-writing":
            assert scene.form_rect.height, "no classmate's work with the feedback form"
            tiles = [c for c in scene.widgets if type(c).__name__ == "Tile"]
            works = {f"{w.author_name}: {w.quest_title}": w for w in scene.listed()}
            for tile in tiles:
                room = scene.work_note_room(tile.rect)
                note = scene.work_note(works[tile.label], room)
                assert t.measure(note, "small", True) <= room, f"{note!r} is cut"
            # the story reads at least three lines above the feedback form, even at the tightest
            assert scene.reader_area.height >= 3 * t.line_height("body"), scene.reader_area
            band = getattr(scene, "cue_band", None)
            if band is not None:
                assert not band.colliderect(scene.reader_area), "scroll cue over the text"
        if screen == "facilitator" and scene.submission() is not None:
            comment = next(c for c in scene.widgets if isinstance(c, TextField))
            region = scene.rubric_region
            assert region.bottom <= comment.rect.top
            assert scene.essay_rect.bottom <= region.top, "rubric over the essay"
            assert region.height > 0
            _check_rubric_reads_in_full(pilot, scene)
        if screen == "facilitator":
            _top, queue, _detail = scene.regions()
            heading = scene.queue_heading(queue.width)
            assert t.measure(heading, "body", True) <= queue.width, f"{heading!r} is cut"
    finally:
        pilot.app.close()


def _check_rubric_reads_in_full(pilot, scene) -> None:
    """Every level description is drawn whole (no "Some..."), inside its button; on a
    compact page (big text, small window) the essay comes first and a cue points down to
    the rubric, which scrolls fully into view."""
    t = scene.theme
    tiles = [w for w in scene.widgets if getattr(w, "rubric", False)]
    assert tiles
    for tile in tiles:
        lines = scene.level_lines(tile.level, tile.rect.width)
        assert " ".join(lines).split() == tile.level.description.split(), lines
        assert len(lines) * t.line_height("small") <= tile.rect.height, tile.label
    if not scene.essay_block:
        return
    cue = scene.rubric_cue()
    assert cue is not None, "nothing says the rubric is below the essay"
    caption = t.measure(scene.comment.label, "small", True)
    assert cue[1].left > scene.comment.rect.x + caption, "the cue runs into the caption"
    scene.rubric_scroll = scene.rubric_height  # clamped to the end by the layout
    scene.relayout()
    last = max((w for w in scene.widgets if getattr(w, "rubric", False)), key=lambda w: w.rect.y)
    assert scene.rubric_region.contains(last.rect), "the last level cannot be scrolled to"
    assert scene.rubric_cue() is None


@pytest.mark.parametrize("look", sorted(LOOKS))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_fresh_machine_shows_one_obvious_way_in(tmp_path, packs, size, look):
    pilot = open_game(tmp_path / "fresh.db", packs, tmp_path)
    try:
        pilot.app.apply_settings(Settings(sound=False, reduced_motion=True, **LOOKS[look]))
        pilot.resize(*size)
        _check_controls(pilot)
        start = pilot.controls()[0]
        assert start.label.startswith("Start here")
        scene = pilot.app.top
        hero, main = scene.panels()
        assert main.contains(start.rect)
        assert hero.contains(scene.title_rect)
        body = scene.form_body()
        steps = sum(row[2] for row in scene.first_run_rows(body))
        assert body.y + steps <= start.rect.y, "the steps run into the Start here button"
    finally:
        pilot.app.close()


def test_feedback_thanks_shows_when_the_send_button_sits_beside_helpful(seeded, tmp_path):
    """At the tightest look the Send button shares the Helpful row (the story keeps its
    lines), so the thanks takes the prompt's line instead of the button's row."""
    pilot = _game(seeded, tmp_path, (1024, 600), "access")
    try:
        _open(pilot, "board-writing")
        scene = pilot.app.top
        assert scene.compact_form
        send = next(c for c in scene.controls() if c.label == "Send feedback")
        helpful = scene.fields["helpful"]
        assert send.rect.top >= helpful.rect.top and send.rect.bottom == helpful.rect.bottom
        assert not send.rect.colliderect(helpful.rect)
        for label, words in (("Kind", "Nice moves"), ("Specific", "The spin"), ("Helpful", "Clap")):
            pilot.click(label)
            pilot.type(words)
        pilot.click("Send feedback")
        pilot.frames(2)
        pilot.assert_text("will see your feedback")
        _check_controls(pilot)
    finally:
        pilot.app.close()
