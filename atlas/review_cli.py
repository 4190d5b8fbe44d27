"""`python -m atlas review`: list the pending proposals, take the editor's decisions, apply the accepted batch.

Decisions come from the flags (--accept IDS|all, --reject IDS, --set ID:FIELD=VALUE, which edits a
proposal and accepts it) or, on a terminal with none of them, from a question per proposal
(a accept, e edit, r reject, s skip). The accepted proposals are applied together (atlas.review);
a batch the validator refuses writes nothing, prints its problems and exits 1. Inbox files are then
rid of their decided proposals, and removed once none is left.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from atlas.catalog import load_catalog
from atlas.proposals import EDITABLE, Pending, ProposalFileError, describe, edit, forget, inbox_dir, parse_value, read_inbox
from atlas.proposals import read_file as read_proposals
from atlas.review import apply_batch


class UserError(ValueError):
    """A flag or a file the command cannot use: `python -m atlas` prints it as one line and exits 2."""


def _ids(text: str | None, known: dict[str, Pending], flag: str) -> set[str]:
    if not text:
        return set()
    ids = {i.strip() for i in text.split(",") if i.strip()}
    unknown = sorted(ids - set(known))
    if unknown:
        raise UserError(f"{flag} {', '.join(unknown)}: no such pending proposal (ids are listed by `review`)")
    return ids


def listing(pending: list[Pending], catalog) -> str:
    """One block per proposal: id, type, feature, the change (old → new) and the sentence."""
    lines = []
    for p in pending:
        q = p.proposal
        what, old, new = describe(q, catalog)
        change = f"{old} → {new}" if old else new
        mark = "  [repeat: the data holds it already; never applied]" if p.repeat else ""
        lines.append(f"{p.id}  {q['type']}  {q['feature_id']}  {what}: {change}{mark}")
        lines.append(textwrap.indent(textwrap.fill(f"“{q['text']}”", 100), "    "))
    return "\n".join(lines)


def _apply_sets(sets: list[str], known: dict[str, Pending]) -> set[str]:
    edited = set()
    for item in sets:
        target, eq, value = item.partition("=")
        pid, sep, field = target.rpartition(":")  # ids hold a colon themselves: "fmt_2025_12_11_gemas_jb:2"
        if not sep or not eq or not field:
            raise UserError(f"--set {item!r}: expected ID:FIELD=VALUE")
        if pid not in known:
            raise UserError(f"--set {item!r}: no such pending proposal {pid!r}")
        try:
            edit(known[pid], field, parse_value(value))
        except ValueError as err:
            raise UserError(f"--set {item!r}: {err}") from err
        edited.add(pid)
    return edited


def _ask(pending: list[Pending], catalog) -> tuple[set[str], set[str]]:
    """A question per proposal on the terminal: (accepted ids, rejected ids)."""
    accepted, rejected = set(), set()
    for p in pending:
        if p.repeat:
            continue
        print("\n" + listing([p], catalog))
        while True:
            answer = input("[a]ccept, [e]dit, [r]eject, [s]kip? ").strip().lower()[:1]
            if answer == "a":
                accepted.add(p.id)
            elif answer == "r":
                rejected.add(p.id)
            elif answer == "e":
                fields = EDITABLE[p.proposal["type"]]
                line = input(f"FIELD=VALUE ({', '.join(f'{f}={p.proposal.get(f)!r}' for f in fields)}): ")
                field, _, value = line.partition("=")
                try:
                    edit(p, field.strip(), parse_value(value.strip()))
                except ValueError as err:
                    print(err)
                    continue
                print(listing([p], catalog))
                continue
            elif answer != "s":
                continue
            break
    return accepted, rejected


def review(args: argparse.Namespace, data_dir: Path) -> int:
    try:
        pending = read_proposals(Path(args.file)) if args.file else read_inbox(inbox_dir(data_dir, args.inbox))
    except ProposalFileError as err:
        raise UserError(str(err)) from err  # the command line's own error (exit 2)
    catalog = load_catalog(data_dir)
    if not pending:
        print(f"no pending proposals in {args.file or inbox_dir(data_dir, args.inbox)}")
        return 0
    known = {p.id: p for p in pending}
    print(listing(pending, catalog))
    accept = {i for i in known if not known[i].repeat} if args.accept == "all" else _ids(args.accept, known, "--accept")
    reject = _ids(args.reject, known, "--reject")
    accept |= _apply_sets(args.set, known)
    if accept & reject:
        raise UserError(f"both accepted and rejected: {', '.join(sorted(accept & reject))}")
    if not (accept or reject) and not args.set and args.accept is None:
        if not sys.stdin.isatty():
            print(f"\n{len(pending)} proposal(s) pending; decide with --accept IDS|all, --reject IDS or --set ID:FIELD=VALUE")
            return 0
        accept, reject = _ask(pending, catalog)
    batch = [p for p in pending if p.id in accept]
    result = apply_batch(batch, data_dir, dry_run=args.dry_run)
    if not result.ok:
        print("\nthe batch is refused; nothing was written:")
        for line in result.problems:
            print(line)
        print(f"{len(result.problems)} problem(s): nothing written to {data_dir}", file=sys.stderr)
        return 1
    for pid in result.held:
        print(f"{pid}: the data holds it already; not applied")
    verb = "would write" if args.dry_run else "wrote"
    if result.changes:
        print(f"\n{verb} {len(result.changes)} change(s) to the log:")
        for row in result.changes:
            print(f"  {row['date']} {row['feature_id']} {row['field']}: {row['old'] or '—'} → {row['new'] or '—'}")
    print(f"{verb}: {', '.join(result.files) or 'nothing'}")
    if not args.dry_run and not args.file:
        decided = [p for p in pending if p.id in accept | reject or p.repeat]
        for path in forget(decided):
            print(f"removed {path} (every proposal in it decided)")
    return 0
