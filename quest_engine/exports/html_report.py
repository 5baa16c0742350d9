"""The HTML class report: one self-contained file to open, print or share.

Inline CSS and inline SVG charts only: no scripts, no fonts or images from the network (a
Content-Security-Policy in the page forbids them), so it looks the same offline, in an
e-mail attachment or on paper. Every piece of student text goes through `html.escape`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape
from pathlib import Path

from quest_engine.exports.atomic import write_atomic
from quest_engine.exports.emblem import badge_color, emblem_svg, initials
from quest_engine.exports.report_model import ClassReport, QuestRow, StudentSummary, WritingItem

STATUS_LABEL = {"not_started": "Not started", "in_progress": "In progress", "completed": "Done"}
SUBMISSION_LABEL = {
    "none": "",
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned for revision",
    "approved": "Approved",
}
RECENT_AWARDS = 10
NOT_STARTED = "#e9edf2"
IN_PROGRESS = "#f6c76b"
SCORE_RAMP = ("#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c")


def e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def fmt_minutes(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return "0 min" if seconds <= 0 else "<1 min"
    if minutes < 60:
        return f"{minutes:.0f} min"
    return f"{int(minutes // 60)} h {int(minutes % 60):02d}"


def fmt_date(iso: str | None) -> str:
    if not iso:
        return "–"
    try:
        d = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return d.strftime("%d %b %Y, %H:%M")


def fmt_day(iso: str | None) -> str:
    if not iso:
        return "–"
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%d %b %Y")
    except ValueError:
        return iso


def cell_color(row: QuestRow) -> str:
    if row.status == "not_started":
        return NOT_STARTED
    if row.status == "in_progress":
        return IN_PROGRESS
    score = 1.0 if row.score is None else row.score
    return SCORE_RAMP[min(len(SCORE_RAMP) - 1, int(score * (len(SCORE_RAMP) - 1) + 0.5))]


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CSS = """
:root{--ink:#1f2a37;--muted:#5b6777;--line:#e3e8ef;--bg:#f6f8fb;--card:#fff;--accent:#3b5bdb;
--accent-soft:#edf2ff;--done:#2b8a3e;--prog:#e8a33d;--none:#adb5bd;--warn:#c92a2a}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",
"Liberation Sans",sans-serif;color:var(--ink);background:var(--bg);font-size:15px;line-height:1.5}
body{margin:0}
.wrap{max-width:1180px;margin:0 auto;padding:0 28px 48px}
header.top{background:linear-gradient(120deg,#364fc7 0%,#5c7cfa 55%,#4dabf7 100%);color:#fff;
padding:34px 0 74px}
header.top .wrap{padding-bottom:0}
.eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:.75rem;opacity:.85;margin:0}
h1{font-size:2.2rem;margin:.2rem 0 .4rem;line-height:1.15}
.sub{opacity:.92;margin:0}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.78rem;font-weight:600;
background:rgba(255,255,255,.2);margin-left:6px;vertical-align:middle}
nav.toc{margin-top:18px;display:flex;flex-wrap:wrap;gap:8px}
nav.toc a{color:#fff;text-decoration:none;background:rgba(255,255,255,.16);padding:5px 12px;
border-radius:999px;font-size:.85rem}
nav.toc a:hover{background:rgba(255,255,255,.3)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:14px;
margin-top:-52px}
.card{background:var(--card);border-radius:14px;padding:16px 18px;
box-shadow:0 1px 2px rgba(16,24,40,.06),0 4px 14px rgba(16,24,40,.06)}
.card .k{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.06em}
.card .v{font-size:1.75rem;font-weight:700;margin-top:2px;white-space:nowrap}
.card .h{color:var(--muted);font-size:.82rem}
section.block{background:var(--card);border-radius:14px;padding:22px 24px;margin-top:22px;
box-shadow:0 1px 2px rgba(16,24,40,.06),0 4px 14px rgba(16,24,40,.05)}
h2{font-size:1.3rem;margin:0 0 4px}
h2+.hint{margin-top:0}
.hint{color:var(--muted);font-size:.88rem;margin:0 0 14px}
.scroll{overflow-x:auto}
svg text{font-family:inherit}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:.82rem;color:var(--muted);margin-top:8px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.sw{width:14px;height:14px;border-radius:3px;display:inline-block}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.76rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.status{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.78rem;font-weight:600}
.status.completed{background:#e6f4ea;color:var(--done)}
.status.in_progress{background:#fff4e0;color:#b26b00}
.status.not_started{background:#f1f3f5;color:#868e96}
.badges{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
.badge{display:flex;gap:12px;align-items:center;border:1px solid var(--line);border-radius:12px;
padding:10px 12px}
.badge svg{flex:none}
.badge b{display:block}
.badge small{color:var(--muted)}
.count{margin-left:auto;font-weight:700;font-size:1.25rem;color:var(--accent);text-align:center;
line-height:1.1}
.count small{display:block;font-size:.68rem;font-weight:500;color:var(--muted)}
table.quests{table-layout:fixed}
table.quests th:nth-child(1){width:27%}table.quests th:nth-child(2){width:13%}
table.quests th:nth-child(9){width:15%}table.quests th:nth-child(8){width:12%}
h2.section{margin:30px 0 0;font-size:1.3rem}
.writing{border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:10px;
padding:12px 16px;margin:12px 0;background:#fcfdff}
.writing.waiting{border-left-color:var(--prog)}
.writing .meta{color:var(--muted);font-size:.82rem;margin-bottom:6px}
.writing .prompt{font-style:italic;color:var(--muted);margin:0 0 6px}
.writing .text{white-space:pre-wrap;margin:0;overflow-wrap:anywhere}
.feedback{margin:10px 0 0;padding:0;list-style:none;display:grid;gap:8px}
.feedback li{background:var(--accent-soft);border-radius:8px;padding:8px 12px;font-size:.88rem}
.feedback .who{font-weight:600}
.feedback dl{margin:4px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}
.feedback dt{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;
padding-top:2px}
.feedback dd{margin:0}
.review{font-size:.88rem;margin-top:8px;color:#2b3a4a}
.empty{color:var(--muted);font-style:italic}
.student{margin-top:22px}
.student header{display:flex;align-items:center;gap:14px;margin-bottom:10px}
.avatar{width:46px;height:46px;border-radius:50%;display:flex;align-items:center;
justify-content:center;color:#fff;font-weight:700;font-size:1.05rem;flex:none}
.student h3{margin:0;font-size:1.15rem}
.stats{color:var(--muted);font-size:.86rem}
.mini{display:inline-flex;gap:4px;flex-wrap:wrap;margin-top:6px}
.mini .chip{font-size:.75rem;padding:1px 8px;border-radius:999px;color:#fff}
footer{color:var(--muted);font-size:.8rem;margin-top:28px;text-align:center}
@page{margin:14mm}
@media print{
 html{background:#fff;font-size:11pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
 header.top{background:none;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--ink)}
 nav.toc{display:none}
 .pill{background:#eee;color:#333}
 .cards{margin-top:12px}
 .card,section.block{box-shadow:none;border:1px solid #ccd;break-inside:avoid}
 .wrap{max-width:none;padding:0}
 section.student{break-before:page}
 .writing,.badge,tr{break-inside:avoid}
 .scroll{overflow:visible}
 a{color:inherit;text-decoration:none}
}
"""


def _cards(report: ClassReport) -> str:
    n_students = len(report.students)
    n_quests = len(report.quests)
    started = [r for r in report.rows if r.status != "not_started"]
    done = sum(1 for r in report.rows if r.status == "completed")
    total = len(report.rows) or 1
    seconds = sum(s.time_on_task_s for s in report.students)
    avg = seconds / n_students if n_students else 0
    scored = [r.score for r in started if r.score is not None]
    mean_score = f"{100 * sum(scored) / len(scored):.0f}%" if scored else "–"
    cards = [
        ("Students", str(n_students), plural(n_quests, "quest")),
        ("Quests finished", f"{100 * done / total:.0f}%", f"{done} of {len(report.rows)}"),
        ("Average score", mean_score, "of challenges right"),
        (
            "Badges earned",
            str(len(report.badges)),
            plural(len({b.badge_id for b in report.badges}), "kind"),
        ),
        ("Time on task", fmt_minutes(seconds), f"{fmt_minutes(avg)} per student"),
        ("To review", str(len(report.awaiting_review)), "pieces of writing"),
    ]
    return (
        '<div class="cards" id="overview">'
        + "".join(
            f'<div class="card"><div class="k">{e(k)}</div><div class="v">{e(v)}</div>'
            f'<div class="h">{e(h)}</div></div>'
            for k, v, h in cards
        )
        + "</div>"
    )


def _heatmap(report: ClassReport) -> str:
    students = report.students
    quests = report.quests
    if not students or not quests:
        return '<p class="empty">No students or quests yet.</p>'
    cell = 34 if len(quests) <= 12 and len(students) <= 40 else 22
    gap, left = 3, 200
    label = max(len(shorten(q.title, 24)) for q in quests) * 6.4
    top = int(24 + label * 0.77)
    width = int(left + len(quests) * (cell + gap) + max(label * 0.64, 40) + 10)
    height = top + len(students) * (cell + gap) + 10
    index = {(r.student_key, r.quest_id): r for r in report.rows}
    parts = [
        f'<svg class="heatmap" role="img" aria-label="Heat map of students and quests" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto" xmlns="http://www.w3.org/2000/svg">'
    ]
    for j, q in enumerate(quests):
        x = left + j * (cell + gap) + cell / 2
        parts.append(
            f'<text transform="translate({x + 4:.1f},{top - 8}) rotate(-50)" font-size="11.5" '
            f'fill="#5b6777"><title>{e(q.title)}</title>{e(shorten(q.title, 24))}</text>'
        )
    for i, s in enumerate(students):
        y = top + i * (cell + gap)
        parts.append(
            f'<text x="{left - 12}" y="{y + cell / 2 + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#1f2a37">{e(shorten(s.name, 26))}</text>'
        )
        done = sum(1 for q in quests if (r := index.get((s.key, q.id))) and r.status == "completed")
        parts.append(
            f'<text x="{left + len(quests) * (cell + gap) + 6}" y="{y + cell / 2 + 4:.1f}" '
            f'font-size="11" fill="#5b6777">{done}/{len(quests)}</text>'
        )
        for j, q in enumerate(quests):
            r = index.get((s.key, q.id))
            x = left + j * (cell + gap)
            if r is None:
                color, tip = NOT_STARTED, "Not started"
            else:
                color = cell_color(r)
                tip = STATUS_LABEL[r.status]
                if r.score is not None:
                    tip += f", {round(r.score * 100)}% right"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="5" fill="{color}">'
                f"<title>{e(s.name)} · {e(q.title)}: {e(tip)}</title></rect>"
            )
    parts.append("</svg>")
    legend = (
        '<div class="legend">'
        f'<span><i class="sw" style="background:{NOT_STARTED}"></i>Not started</span>'
        f'<span><i class="sw" style="background:{IN_PROGRESS}"></i>In progress</span>'
        f'<span><i class="sw" style="background:{SCORE_RAMP[1]}"></i>Done, few right</span>'
        f'<span><i class="sw" style="background:{SCORE_RAMP[-1]}"></i>Done, all right</span>'
        "</div>"
    )
    return '<div class="scroll">' + "".join(parts) + "</div>" + legend


def _quest_bars(report: ClassReport) -> str:
    if not report.quests:
        return ""
    counts: dict[str, Counter] = {q.id: Counter() for q in report.quests}
    for r in report.rows:
        counts.setdefault(r.quest_id, Counter())[r.status] += 1
    n = max(1, len(report.students))
    left, bar_w, row_h = 230, 560, 26
    height = len(report.quests) * row_h + 10
    width = left + bar_w + 92  # room for "100% done"
    parts = [
        f'<svg role="img" aria-label="Progress per quest" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, q in enumerate(report.quests):
        y = i * row_h + 4
        c = counts[q.id]
        parts.append(
            f'<text x="{left - 10}" y="{y + 14}" font-size="12" text-anchor="end" '
            f'fill="#1f2a37">{e(shorten(q.title, 32))}</text>'
        )
        x = float(left)
        for status, color in (("completed", "#2b8a3e"), ("in_progress", "#f0b44c")):
            w = bar_w * c[status] / n
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{color}">'
                    f"<title>{e(q.title)}: {c[status]} {STATUS_LABEL[status].lower()}</title>"
                    "</rect>"
                )
            x += w
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{left + bar_w - x:.1f}" height="18" '
            f'fill="{NOT_STARTED}"/>'
            f'<text x="{left + bar_w + 8}" y="{y + 14}" font-size="12" fill="#5b6777">'
            f"{round(100 * c['completed'] / n)}% done</text>"
        )
    parts.append("</svg>")
    legend = (
        '<div class="legend"><span><i class="sw" style="background:#2b8a3e"></i>Done</span>'
        '<span><i class="sw" style="background:#f0b44c"></i>In progress</span>'
        f'<span><i class="sw" style="background:{NOT_STARTED}"></i>Not started</span></div>'
    )
    return '<div class="scroll">' + "".join(parts) + "</div>" + legend


def _time_chart(report: ClassReport) -> str:
    students = sorted(report.students, key=lambda s: (-s.time_on_task_s, s.name.casefold()))
    if not students:
        return '<p class="empty">No students yet.</p>'
    longest = max(s.time_on_task_s for s in students) or 1
    left, bar_w, row_h = 200, 600, 22
    height = len(students) * row_h + 8
    width = left + bar_w + 90
    parts = [
        f'<svg role="img" aria-label="Time on task per student" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        'xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="tg" x1="0" x2="1">'
        '<stop offset="0" stop-color="#5c7cfa"/><stop offset="1" stop-color="#4dabf7"/>'
        "</linearGradient></defs>"
    ]
    for i, s in enumerate(students):
        y = i * row_h + 3
        w = max(2.0, bar_w * s.time_on_task_s / longest) if s.time_on_task_s else 0
        parts.append(
            f'<text x="{left - 10}" y="{y + 12}" font-size="12" text-anchor="end" '
            f'fill="#1f2a37">{e(shorten(s.name, 26))}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="15" rx="3" fill="url(#tg)"/>'
            f'<text x="{left + w + 8:.1f}" y="{y + 12}" font-size="12" fill="#5b6777">'
            f"{e(fmt_minutes(s.time_on_task_s))}</text>"
        )
    parts.append("</svg>")
    return '<div class="scroll">' + "".join(parts) + "</div>"


def _badges(report: ClassReport) -> str:
    if not report.badges:
        return '<p class="empty">No badges earned yet.</p>'
    kinds: dict[str, list] = {}
    for b in report.badges:
        kinds.setdefault(b.badge_id, []).append(b)
    tiles = []
    for _badge_id, awards in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        b = awards[0]
        tiles.append(
            f'<div class="badge">{emblem_svg(b.badge_id, b.name, b.color, 48)}'
            f"<div><b>{e(b.name)}</b><small>{e(shorten(b.criteria or b.description, 70))}"
            f'</small></div><span class="count">{len(awards)}<small>{"student" if len(awards) == 1 else "students"}</small></span></div>'
        )
    rows = "".join(
        f"<tr><td>{e(b.student_name)}</td><td>{e(b.name)}</td><td>{e(fmt_date(b.earned_at))}</td></tr>"
        for b in sorted(report.badges, key=lambda b: b.earned_at, reverse=True)[:RECENT_AWARDS]
    )
    more = len(report.badges) - RECENT_AWARDS
    tail = (
        f'<p class="hint">…and {plural(more, "earlier award")}: each student\'s section lists '
        "their badges.</p>"
        if more > 0
        else ""
    )
    return (
        f'<div class="badges">{"".join(tiles)}</div>'
        '<h3 style="margin:20px 0 6px;font-size:1rem">Most recent awards</h3>'
        f"<table><thead><tr><th>Student</th><th>Badge</th><th>Earned</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{tail}"
    )


def _reviewer(name: str) -> str:
    """Who reviewed: a facilitator's sign-in name ("facilitator") reads as a title."""
    return name[:1].upper() + name[1:] if name and name == name.lower() else (name or "Reviewer")


def _writing(w: WritingItem, waiting: bool, show_author: bool = True) -> str:
    meta = []
    if show_author:
        meta.append(f"<b>{e(w.student_name)}</b>")
    meta += [e(w.quest_title), f"submitted {e(fmt_date(w.submitted_at))}", f"{w.words} words"]
    if w.state != "submitted" or not waiting:
        meta.append(e(SUBMISSION_LABEL.get(w.state, w.state)))
    html = [f'<article class="writing{" waiting" if waiting else ""}">']
    html.append(f'<div class="meta">{" · ".join(meta)}</div>')
    if w.prompt:
        html.append(f'<p class="prompt">{e(w.prompt)}</p>')
    html.append(f'<p class="text">{e(w.text)}</p>')
    for r in w.reviews:
        scores = ", ".join(f"{e(k)} {v}" for k, v in r.scores)
        if r.reviewer == "self":
            head = "<b>Self-check</b> done"
        else:
            verdict = "approved" if r.approved else "returned for revision"
            head = f"<b>{e(_reviewer(r.reviewer))}</b> {verdict}"
        comment = f": {e(r.comment)}" if r.comment.strip() else ""
        html.append(
            f'<div class="review">{head}{" (" + scores + ")" if scores else ""}{comment}</div>'
        )
    if w.feedback:
        html.append('<ul class="feedback">')
        for f in w.feedback:
            html.append(
                f'<li><span class="who">{e(f.from_name)}</span>'
                f"<dl><dt>Kind</dt><dd>{e(f.kind)}</dd><dt>Specific</dt><dd>{e(f.specific)}</dd>"
                f"<dt>Helpful</dt><dd>{e(f.helpful)}</dd></dl></li>"
            )
        html.append("</ul>")
    html.append("</article>")
    return "".join(html)


def _avatar_color(key: str) -> str:
    return badge_color(key)


def _student(
    s: StudentSummary,
    rows: list[QuestRow],
    report: ClassReport,
    shared: list[WritingItem],
    badges: list,
) -> str:
    chips = "".join(
        f'<span class="chip" style="background:{e(badge_color(b.badge_id, b.color))}">{e(b.name)}</span>'
        for b in badges
    )
    started = [r for r in rows if r.status != "not_started"]
    body = "".join(
        f"<tr><td>{e(r.quest_title)}</td>"
        f'<td><span class="status {r.status}">{STATUS_LABEL[r.status]}</span></td>'
        f'<td class="num">{"–" if r.score is None else f"{round(r.score * 100)}%"}</td>'
        f'<td class="num">{r.attempts}</td><td class="num">{r.hints_used}</td>'
        f'<td class="num">{r.xp}</td><td class="num">{e(fmt_minutes(r.time_on_task_s))}</td>'
        f"<td>{e(fmt_day(r.finished_at or r.started_at))}</td>"
        f"<td>{e(SUBMISSION_LABEL.get(r.submission_state, ''))}</td></tr>"
        for r in started
    )
    table = (
        '<table class="quests"><thead><tr><th>Quest</th><th>Status</th><th class=num>Score</th>'
        "<th class=num>Tries</th><th class=num>Hints</th><th class=num>XP</th>"
        "<th class=num>Time</th><th>Date</th><th>Writing</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
        if started
        else '<p class="empty">Has not started a quest yet.</p>'
    )
    writing = "".join(_writing(w, False, show_author=False) for w in shared)
    return (
        f'<section class="block student" id="student-{e(s.key)}">'
        f'<header><div class="avatar" style="background:{_avatar_color(s.key)}">'
        f"{e(initials(s.name))}</div><div><h3>{e(s.name)}</h3>"
        f'<div class="stats">Level {s.level} · {s.xp} XP · {s.quests_completed} of '
        f"{len(report.quests)} quests done · {s.badges} badges · "
        f"{e(fmt_minutes(s.time_on_task_s))} on task · last active {e(fmt_day(s.last_active))}"
        f'</div><div class="mini">{chips}</div></div></header>{table}'
        + (f'<h4 style="margin:16px 0 0">Shared writing</h4>{writing}' if shared else "")
        + "</section>"
    )


def render_html(report: ClassReport) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    rows_by: dict[str, list[QuestRow]] = {}
    for r in report.rows:
        rows_by.setdefault(r.student_key, []).append(r)
    shared_by: dict[str, list[WritingItem]] = {}
    for w in report.shared_writing:
        shared_by.setdefault(w.student_key, []).append(w)
    badges_by: dict[str, list] = {}
    for b in report.badges:
        badges_by.setdefault(b.student_key, []).append(b)
    packs = ", ".join(f"{p.title} {p.version}" for p in report.packs)
    anon = '<span class="pill">Anonymised</span>' if report.anonymized else ""
    waiting = (
        "".join(_writing(w, True) for w in report.awaiting_review)
        or '<p class="empty">Nothing is waiting: every piece of writing has been reviewed.</p>'
    )
    students = "".join(
        _student(
            s, rows_by.get(s.key, []), report, shared_by.get(s.key, []), badges_by.get(s.key, [])
        )
        for s in report.students
    )
    toc = "".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in (
            ("overview", "Overview"),
            ("heatmap", "Heat map"),
            ("quests", "Quests"),
            ("badges", "Badges"),
            ("time", "Time on task"),
            ("review", "Waiting for review"),
            ("students", "Students"),
        )
    )
    title = f"{report.class_name}: class report"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Quest Engine">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<p class="eyebrow">Quest Engine · class report</p>
<h1>{e(report.class_name)}{anon}</h1>
<p class="sub">{len(report.students)} students · generated {e(fmt_date(report.generated_at))} UTC{(" · " + e(packs)) if packs else ""}</p>
<nav class="toc" aria-label="Sections">{toc}</nav>
</div></header>
<main class="wrap">
{_cards(report)}
<section class="block" id="heatmap"><h2>Heat map: students × quests</h2>
<p class="hint">Each square is one student on one quest: darker green means more challenges answered right.</p>
{_heatmap(report)}</section>
<section class="block" id="quests"><h2>Progress per quest</h2>
<p class="hint">How much of the class has finished each quest.</p>
{_quest_bars(report)}</section>
<section class="block" id="badges"><h2>Badges earned</h2>
<p class="hint">Each badge with the number of students who earned it.</p>
{_badges(report)}</section>
<section class="block" id="time"><h2>Time on task</h2>
<p class="hint">Active time in quests: a long pause counts as five minutes at most.</p>
{_time_chart(report)}</section>
<section class="block" id="review"><h2>Writing waiting for review</h2>
<p class="hint">Oldest first. Review it in the game's facilitator screen or with <code>quest review</code>.</p>
{waiting}</section>
<div id="students"><h2 class="section">Students</h2>{students or '<p class="empty">No students yet.</p>'}</div>
<footer>Made with Quest Engine. This report holds student work: share it only with the people it is meant for.</footer>
</main>
</body>
</html>
"""


def write_html(report: ClassReport, path: Path) -> list[Path]:
    return [write_atomic(Path(path), render_html(report))]
