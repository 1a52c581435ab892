"""Operator commands: `python -m chatapp.cli create-admin --email you@example.com`."""

from __future__ import annotations

import argparse
import getpass
import sys

from chatapp.db import session_scope
from chatapp.services import auth
from chatapp.services.errors import AppError


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n") or None
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Password for the new admin (Enter to only promote an existing user): ")
    if first and getpass.getpass("Repeat the password: ") != first:
        raise SystemExit("The passwords do not match.")
    return first or None


def create_admin(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    try:
        with session_scope() as session:
            account = auth.ensure_admin(session=session, email=args.email, password=password)
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"{account.email} is an administrator.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chatapp.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an administrator, or promote a user")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
    admin.set_defaults(handler=create_admin)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
