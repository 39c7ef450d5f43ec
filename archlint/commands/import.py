"""`archlint import compose FILE...` and `archlint import k8s PATH...`: a draft design from deployment files.

Exit codes: 0 the draft was written (or, with --check, the design matches the files); 1 with
--check, the design has drifted from the files; 2 usage errors, files that cannot be imported,
a design that does not load.
"""

from __future__ import annotations

import os
import shlex
import sys

from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail
from .options import add_config_options, config_options


def add_arguments(parser) -> None:
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    compose = sources.add_parser("compose", help="docker compose files, merged in the order given (as -f does)",
                                 description="Draft a design from docker compose files, merged in the order given.")
    compose.add_argument("paths", nargs="+", metavar="FILE", help="compose files: the base first, overrides after")
    compose.add_argument("--env-file", metavar="FILE",
                         help="variables for ${VAR} interpolation (default: .env beside the first file, if any)")
    compose.add_argument("--profile", action="append", default=[], metavar="NAME",
                         help="activate a profile (repeatable; COMPOSE_PROFILES is read too)")
    k8s = sources.add_parser("k8s", help="Kubernetes manifests: files or directories, multi-document YAML",
                             description="Draft a design from Kubernetes manifests (files or directories).")
    k8s.add_argument("paths", nargs="+", metavar="PATH", help="manifest files or directories of them")
    for sub in (compose, k8s):
        sub.add_argument("-o", "--output", metavar="OUT", help="write the draft here (default: stdout)")
        sub.add_argument("--force", action="store_true", help="replace OUT when it already exists")
        sub.add_argument("--check", metavar="DESIGN",
                         help="write nothing; compare DESIGN with what the files say now, exit 1 on drift")
        add_config_options(sub, purpose="load DESIGN (for --check) with")


def run(args, parser) -> int:
    from ..importers import ImportFailure, compose_draft, k8s_draft, write

    if args.check and args.output:
        parser.error("--check compares and writes nothing: give --check DESIGN or -o OUT, not both")
    settings = config_options(args, parser)
    command = _command(args)
    try:
        if args.source == "compose":
            draft = compose_draft(args.paths, environment=dict(os.environ), env_file=args.env_file,
                                  profiles=args.profile, command=command)
        else:
            draft = k8s_draft(args.paths, command=command)
    except ImportFailure as error:
        fail(str(error))
        return EXIT_ERROR
    if args.check:
        return _check(draft, args.check, settings)
    text = write(draft)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_CLEAN
    return _write(args, text)


def _command(args) -> str:
    words = ["archlint", "import", args.source, *args.paths]
    if args.source == "compose":
        if args.env_file:
            words += ["--env-file", args.env_file]
        for profile in args.profile:
            words += ["--profile", profile]
    return shlex.join(words)


def _write(args, text: str) -> int:
    from ..atomic import input_at, write_atomic

    inputs = [p for p in args.paths if os.path.isfile(p)] + ([args.env_file] if getattr(args, "env_file", None) else [])
    if input_at(args.output, inputs):
        fail(f"refusing to write the draft over `{args.output}`, which is one of the files read")
        return EXIT_ERROR
    if os.path.exists(args.output) and not args.force:
        fail(f"`{args.output}` already exists; give --force to replace it, or --check {args.output} to compare")
        return EXIT_ERROR
    try:
        write_atomic(args.output, text)
    except OSError as error:
        fail(f"cannot write `{args.output}`: {error.strerror or error}")
        return EXIT_ERROR
    return EXIT_CLEAN


def _check(draft, path: str, settings: dict) -> int:
    from ..importers.drift import compare
    from ..linter import Linter

    if os.path.isdir(path):
        fail(f"`{path}` is a directory; --check compares one design file")
        return EXIT_ERROR
    result = Linter(**settings).lint_paths([path])
    for error in result.errors:
        fail(error)
    if result.errors:
        return EXIT_ERROR
    if len(result.designs) != 1:
        fail(f"`{path}` does not load as one design; run `archlint {path}` to see why")
        return EXIT_ERROR
    drift = compare(draft, result.designs[0])
    for line in drift.differences:
        print(f"{path}: drift: {line}")
    for line in drift.notes:
        print(f"{path}: note: {line}")
    components, calls = drift.checked
    if drift.differences:
        count = len(drift.differences)
        print(f"{path}: {count} difference{'s' if count != 1 else ''} from the deployment files")
        return EXIT_FINDINGS
    print(f"{path} matches the deployment files ({components} components and {calls} calls compared)")
    return EXIT_CLEAN
