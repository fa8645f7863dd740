"""Command line: `python -m bot guide [--json] [ID]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from bot.guide import default_guide
from bot.guide.render import section_text


def _guide(args: argparse.Namespace, out: TextIO) -> int:
    guide = default_guide()
    if args.section is None:
        if args.json:
            json.dump(guide.to_list(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.writelines(f"{s.id}\t{s.title}\n" for s in guide)
        return 0
    section = guide.get(args.section)
    if section is None:
        print(f"no section {args.section!r}; `python -m bot guide` lists them", file=sys.stderr)
        return 2
    if args.json:
        json.dump(section.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(section_text(section, guide) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    guide = commands.add_parser("guide", help="print the knowledge base or one section")
    guide.add_argument("section", nargs="?", help="a section ID such as 5.1.1")
    guide.add_argument("--json", action="store_true", help="JSON instead of text")
    guide.set_defaults(handler=_guide)
    return parser


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run one command; returns the process exit status."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args, out))
