"""A content-addressed cache of each design's findings, in `.archlint_cache/` at the project root.

An entry is keyed on everything that can change a finding: archlint's version and code, the
settings as written, the command line's selectors, the code of every local rule (and of the
installed packs a run loaded, checked before its entry is believed), and the design's root
file. It records every file the design read with the hash of its bytes, and every include it
could not read; a hit needs the first unchanged and the others still unreadable.
An entry is a line of JSON about the run (files, packs, the findings' counts), then the findings
as the `json` format lists them (archlint/records.py), so that a hit writes them as they are.
Entries are JSON (no format that can run code), written atomically, and signed with a key
private to the user (in the user's cache directory, mode 0600), so an entry committed to a
repository or planted by someone else is never believed.
Every failure to read or write the cache is a miss, never an error: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

from . import __version__
from .packs import BUILTIN_PACK, file_stamp, installed_packs_fingerprint, package_locations, python_files
from .records import Records
from .sources import BOM, SourceUndecodable, SourceUnreadable, decode, read_bytes, read_source

DIRECTORY = ".archlint_cache"
GRAMMAR = "archlint.grammar"  # read by the parser at run time
_FORMAT = 5


@cache
def _code_fingerprint() -> str:
    """The size and modification time of every module and data file of archlint, its built-in
    rules and its grammar: an edited installation (an editable one in development, where the
    rules and the grammar live beside the package) never answers from an older entry."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    roots = [package] + [Path(location).resolve() for location in package_locations(BUILTIN_PACK, GRAMMAR)]
    for root in dict.fromkeys(roots):
        for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.json")) + sorted(root.rglob("*.lark")):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _module_fingerprint(module: str) -> list | str:
    """A rule's own code, for rules given to the library directly (`extra_rules`)."""
    path = getattr(sys.modules.get(module), "__file__", None)
    return file_stamp(path) if path else module


def rules_key(settings, command_line: dict, rule_directories, extra_rules) -> str:
    """Everything that decides which rules run on a design and with which options, read without
    importing a rule: the settings (selectors, severities, options as written), the command
    line's selectors, and the code of every rule (archlint's own is in the entry's name; an
    installed pack's is checked by `get` when the run loaded one). An unchanged design is
    answered without loading the rule catalogue."""
    parts = {
        "settings": {name: value for name, value in vars(settings).items() if name != "source"},
        "command line": command_line,
        "local rules": [python_files(directory) for directory in rule_directories],
        "given rules": [[spec.code, spec.name, _module_fingerprint(spec.module)] for spec in extra_rules],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()


@cache
def _user_key() -> bytes | None:
    """The user's private signing key, made on first use; None when there is nowhere to keep it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "archlint", "key")
    try:
        with open(path, "rb") as file:
            stat = os.fstat(file.fileno())
            key = file.read()
        if stat.st_uid != os.getuid() or stat.st_mode & 0o077 or len(key) != 32:
            return None  # not the user's own, or readable by others: sign nothing with it
        return key
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        key = os.urandom(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(key)
        return key
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FindingsCache:
    """One project's cache directory."""

    def __init__(self, root: str) -> None:
        self.directory = os.path.join(root, DIRECTORY)

    def _entry_path(self, path: str, rules: str, text: str | None) -> str:
        given = "" if text is None else _digest(_bytes(text))
        where = f"{os.getcwd()}\0{path}"  # as given: findings show the path as it was written
        name = _digest(f"{_FORMAT}\0{_code_fingerprint()}\0{rules}\0{where}\0{given}".encode())
        return os.path.join(self.directory, name[:2], name + ".json")

    def get(self, path: str, rules: str, text: str | None) -> tuple[Records, dict[str, str]] | None:
        """The findings and sources of the design at `path`, if an entry holds them and every file
        it read is unchanged (read as the loader reads them: `sources.read_source`); None otherwise."""
        key = _user_key()
        if key is None:
            return None
        try:
            with open(self._entry_path(path, rules, text), "rb") as file:
                data = file.read()
            signed = data.find(b"\n")  # the signature, then the entry's head, then its findings
            head_end = data.find(b"\n", signed + 1)
            body = memoryview(data)[signed + 1:]  # slices of a memoryview copy nothing
            if head_end < 0 or not hmac.compare_digest(data[:signed], hmac.new(key, body, "sha256").hexdigest().encode()):
                return None
            entry = json.loads(data[signed + 1:head_end])
            if entry["packs"] is not None and entry["packs"] != installed_packs_fingerprint():
                return None  # the run loaded installed packs, and one of them changed
            for missing in entry["unread"]:  # an include that was missing or unreadable must still be, or
                try:  # the findings that say so are out of date
                    read_source(missing)
                except (SourceUnreadable, SourceUndecodable):
                    continue
                return None
            sources = {}
            for shown, digest in entry["files"]:
                if shown == path and text is not None:
                    source = text if _digest(_bytes(text)) == digest else None
                else:
                    source = _unchanged(read_bytes(shown), digest)
                if source is None:
                    return None
                sources[shown] = source
            return Records(body[head_end - signed:], entry["related ends"], entry["counts"]), sources
        except Exception:  # a damaged entry or a file gone: recompute
            return None

    def put(self, path: str, rules: str, text: str | None, sources: dict[str, str], findings: Records,
            packs: list | None, unread: list[str] = ()) -> None:
        """Remember a design's findings and the text of every file it read (`sources`); `packs`,
        when the run loaded installed rule packs (a selector named one of their rules), is
        `installed_packs_fingerprint()`, checked again before the entry is believed; `unread`, the
        files it named but could not read (its findings say so until one of them can be read)."""
        key = _user_key()
        if key is None:
            return
        try:
            head = {"files": [[shown, _digest(_bytes(source))] for shown, source in sources.items()],
                    "packs": packs, "unread": list(unread), "counts": findings.counts,
                    "related ends": findings.related_ends}
            body = json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + findings.listed.encode("utf-8")
            target = self._entry_path(path, rules, text)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            self._mark_directory()
            signature = hmac.new(key, body, "sha256").hexdigest().encode("ascii")
            descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
            with os.fdopen(descriptor, "wb") as file:
                file.write(signature + b"\n" + body)
            os.replace(temporary, target)
        except (OSError, ValueError, UnicodeError):
            return

    def _mark_directory(self) -> None:
        """A `.gitignore` that keeps the cache out of version control, as other tools' caches do."""
        marker = os.path.join(self.directory, ".gitignore")
        if not os.path.exists(marker):
            with open(marker, "w", encoding="utf-8") as file:
                file.write("# Made by archlint: a cache of findings, safe to delete.\n*\n")


def _unchanged(data: bytes, digest: str) -> str | None:
    """The text of a file read as `data`, if it is the text whose digest is `digest`. Most files
    are stored as the loader reads them (UTF-8, no BOM, `\\n` line ends): their bytes are that
    text's, hashed without decoding and encoding them first."""
    if not data.startswith(BOM) and _digest(data) == digest:
        return data.decode("utf-8")  # the bytes of a text, so they decode
    source = decode(data)
    return source if _digest(_bytes(source)) == digest else None


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")
