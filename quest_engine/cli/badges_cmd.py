"""`quest badges verify FILE`: check an Open Badges 3.0 credential's signature."""

from __future__ import annotations

import argparse
from pathlib import Path

from quest_engine.errors import QuestError
from quest_engine.exports.datadir import data_dir_for, store_location
from quest_engine.exports.issuer_key import existing_issuer_did
from quest_engine.exports.vc_jwt import verify


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("badges", help="work with exported Open Badges credentials")
    badges = p.add_subparsers(dest="badges_command", metavar="ACTION")
    v = badges.add_parser("verify", help="check the signature of a credential (.jwt file)")
    v.add_argument("file", help="a credential written by `quest export --format openbadges`")
    v.set_defaults(handler=run_verify)
    p.set_defaults(handler=lambda args: p.print_help() or 2)


def _subject(cred: dict) -> tuple[str, str]:
    subject = cred.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    names = [i.get("identityHash") for i in subject.get("identifier") or [] if isinstance(i, dict)]
    return str(achievement.get("name") or cred.get("name") or "?"), str(names[0] if names else "?")


def run_verify(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        token = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestError(f"cannot read {path}: {exc}") from None
    verdict = verify(token)
    if not verdict.ok:
        print(f"INVALID: {path.name}: {verdict.reason}")
        return 1
    cred = verdict.credential or {}
    badge, student = _subject(cred)
    issuer = cred.get("issuer") or {}
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else str(issuer)
    issuer_name = issuer.get("name", "") if isinstance(issuer, dict) else ""
    local = existing_issuer_did(data_dir_for(store_location(getattr(args, "store", None))))
    origin = "this machine's issuer" if local == issuer_id else "another issuer"
    print(f"VALID: {badge!r} for {student}, issued {cred.get('validFrom', '?')}")
    print(f"  signed by {issuer_name} ({origin}: {issuer_id})")
    return 0
