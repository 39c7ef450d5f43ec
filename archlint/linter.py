"""The engine: load each design, run the selected rules, apply configuration and suppressions,
and hand back every finding (which files to lint is `discovery`'s job). It knows no screen:
reporters and the CLI do.
"""

from __future__ import annotations

import os
from operator import itemgetter
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from . import codes, markdown, records
from .config import ConfigError, Settings, default_settings, find_config_file, project_root, read_config
from .diagnostics import Finding, Location, Severity
from .discovery import Discovery
from .gc_pause import gc_paused
from .includers import includers
from .paths import relative
from .records import Records
from .sources import SourceUndecodable, SourceUnreadable, normalize_newlines, read_source

if TYPE_CHECKING:
    from .loader import Reader
    from .model import Design
    from .rule_api import RuleSpec
    from .selection import Catalog, Selection

# The loader, the graph and the rules are imported where a design is judged, not here: a design
# answered from the findings cache needs none of them, and is answered at start-up cost.

FATAL_CODES = codes.FATAL_CODES

Progress = Callable[[list[str]], Iterable[str]]


class LintResult:
    """What a run found. One design answered from the findings cache keeps its findings as the
    cache's lines (`records`) until something reads `findings`: the json formats write those
    lines as they are, and counting needs no finding either."""

    def __init__(self, findings: list[Finding] | None = None, sources: dict[str, str] | None = None,
                 files: list[str] | None = None, errors: list[str] | None = None,
                 designs: list[Design] | None = None, includers: list[tuple[str, str]] | None = None) -> None:
        self._findings: list[Finding] = [] if findings is None else findings  # suppressed ones included
        self._records: Records | None = None
        self.sources: dict[str, str] = {} if sources is None else sources  # file -> text, for code frames
        self.files: list[str] = [] if files is None else files  # the files linted
        self.errors: list[str] = [] if errors is None else errors  # what made the run itself fail (exit 2)
        self.designs: list[Design] = [] if designs is None else designs
        # Designs checked because they include a file named on the command line: (design, that file).
        self.includers: list[tuple[str, str]] = [] if includers is None else includers

    @property
    def findings(self) -> list[Finding]:
        if self._records is not None:
            self._findings, self._records = self._records.findings(), None
        return self._findings

    @findings.setter
    def findings(self, findings: list[Finding]) -> None:
        self._findings, self._records = findings, None

    @property
    def records(self) -> Records | None:
        """The findings as one design's record lines, while they are all there is and nothing has
        read `findings` (which might change them); None otherwise."""
        return self._records

    def add(self, findings: list[Finding] | Records) -> None:
        """Take one design's findings, sorted and unique as `Linter._check` gives them."""
        if isinstance(findings, Records):
            if self._records is None and not self._findings:
                self._records = findings
                return
            findings = findings.findings()
        self.findings.extend(findings)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def failing(self, threshold: Severity = Severity.ERROR) -> list[Finding]:
        return [f for f in self.active if f.severity.rank >= threshold.rank]

    def counts(self) -> dict[str, int]:
        """The unsuppressed findings per severity, and how many are suppressed."""
        return dict(self._records.counts) if self._records is not None else records.counts(self._findings)

    def fails(self, threshold: Severity = Severity.ERROR) -> bool:
        """Whether a finding is at least as severe as `threshold` (`failing`, counted)."""
        counted = self.counts()
        return any(counted[level.value] for level in Severity if level.rank >= threshold.rank)


class Linter:
    """One run's settings and caches. `lint()` below is the short way to use it."""

    def __init__(
        self,
        *,
        config: str | None = None,
        isolated: bool = False,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        force_exclude: bool = False,
        check_includers: bool = False,
        settings: Settings | None = None,
        extra_rules: Sequence[RuleSpec] = (),
        cache: bool = False,
        reader: Reader = read_source,
    ) -> None:
        """`cache`: answer an unchanged design from `.archlint_cache/` at its project root, and
        remember each design's findings there (archlint/cache.py).
        `reader`: how the files a design includes are read (the language server reads the
        editor's unsaved buffers); with another reader than the disk's, the cache is not used."""
        self.extra_rules = tuple(extra_rules)
        self.cache = cache and reader is read_source
        self.reader = reader
        self._rules_keys: dict[str | None, str] = {}
        self.cli = {"cli_select": select, "cli_extend_select": tuple(extend_select), "cli_ignore": tuple(ignore)}
        self.discovery = Discovery(self.settings_for, force_exclude=force_exclude)
        self.check_includers = check_includers
        self._by_file: dict[str, Settings] = {}
        self._selections: dict[str | None, tuple[Catalog, Selection]] = {}
        self._proven: set[str | None] = set()  # settings (by source) whose rules a cache hit vouched for
        self._fixed: Settings | None = settings
        if settings is None and isolated:
            self._fixed = default_settings()
        elif settings is None and config is not None:
            self._fixed = self._read_config(config)

    # --- settings -----------------------------------------------------------------------
    def settings_for(self, path: str) -> Settings:
        """The settings for a file, or for the files in a directory."""
        if self._fixed is not None:
            return self._fixed
        path = os.path.abspath(path)
        config = find_config_file(path if os.path.isdir(path) else os.path.dirname(path))
        if config is None:
            return default_settings()
        if config not in self._by_file:
            self._by_file[config] = self._read_config(config)
        return self._by_file[config]

    def _read_config(self, path: str) -> Settings:
        """The settings of a configuration file. When some of its values are wrong, what is left
        is still checked (selectors, rule options, rule directories), and every problem is
        raised together: one run shows all there is to fix."""
        try:
            return read_config(path)
        except ConfigError as error:
            if error.partial is None:
                raise
            from .rule_api import RuleLoadError

            try:
                self.selection_for(error.partial)
            except (ConfigError, RuleLoadError) as more:
                problems = error.problems + getattr(more, "problems", [str(more)])
                raise ConfigError("\n".join(problems), problems) from None
            finally:
                self._selections.pop(error.partial.source, None)
            raise

    def configurations_read(self) -> list[str]:
        """The configuration files this run has read: inputs, which no output may replace."""
        fixed = [self._fixed.source] if self._fixed is not None and self._fixed.source else []
        return fixed + list(self._by_file)

    def rules_proven(self, settings: Settings) -> bool:
        """Whether these settings' rules and options are known to load and validate without
        loading them: a design under them was answered from the cache, whose key covers them."""
        return settings.source in self._proven

    def selection_for(self, settings: Settings) -> tuple[Catalog, Selection]:
        key = settings.source
        if key not in self._selections:
            from .selection import make_catalog, select

            root = settings.root or os.getcwd()
            catalog = make_catalog(tuple(os.path.join(root, p) for p in settings.rule_paths), self.extra_rules)
            self._selections[key] = (catalog, select(catalog, settings, **self.cli))
        return self._selections[key]

    # --- linting ------------------------------------------------------------------------
    def lint_paths(self, paths: Iterable[str], *, progress: Progress | None = None) -> LintResult:
        """Lint files and directories. `progress`, when given, wraps the list of files to lint
        (the CLI passes a progress bar); it must yield every file it is given."""
        result = LintResult()
        paths = list(paths)
        files = self.discovery.collect(paths, result.errors)
        linted = {os.path.realpath(file) for file in files}
        named = [path for path in paths if os.path.isfile(path) and os.path.realpath(path) in linted]
        if named and self.check_includers:
            result.includers = includers(named, files, self.discovery)
            files += [design for design, _ in result.includers]
        for file in progress(files) if progress is not None else files:
            self.lint_file(file, result)
        _sort(result)
        return result

    def lint_file(self, path: str, result: LintResult, text: str | None = None, *,
                  block: markdown.Block | None = None) -> None:
        """Lint one design file (or each design of a Markdown file, or only `block` of it) into
        `result`."""
        if markdown.is_markdown(path):
            self._lint_markdown(path, result, text, block)
        else:
            self._lint_design(path, result, text)

    def _lint_design(self, path: str, result: LintResult, text: str | None) -> None:
        findings = self._check(path, text, result)
        if findings is not None:
            result.files.append(path)
            result.add(findings)

    def _lint_markdown(self, path: str, result: LintResult, text: str | None, only: markdown.Block | None) -> None:
        if text is None:
            try:
                text = read_source(path)
            except SourceUndecodable:
                self._lint_design(path, result, None)  # the loader reports where the bad byte is
                return
            except SourceUnreadable as error:
                result.errors.append(str(error))
                return
        text = normalize_newlines(text)
        result.files.append(path)
        for block in [only] if only is not None else markdown.arch_blocks(text):
            findings = self._check(path, markdown.block_text(block), result)
            if isinstance(findings, Records):
                findings = findings.findings()
            result.add(_into_block(findings or [], path, block))
        result.sources[path] = text  # the document, not the blanked text, for code frames

    def _check(self, path: str, text: str | None, result: LintResult) -> list[Finding] | Records | None:
        """Load one design and judge it: its findings after pragmas and configuration, sorted and
        unique (as the cache keeps them, when it is used), or None when its root cannot be read
        (an error of the run)."""
        with gc_paused():
            return self._check_design(path, text, result)

    def _check_design(self, path: str, text: str | None, result: LintResult) -> list[Finding] | Records | None:
        settings = self.settings_for(path)
        if not self.cache:
            findings = self._judge(path, text, result, settings, *self.selection_for(settings))[0]
            return None if findings is None else _unique(findings)
        from .cache import FindingsCache, rules_key

        store = FindingsCache(project_root(path))
        key = self._rules_keys.get(settings.source)
        if key is None:
            root = settings.root or os.getcwd()
            key = self._rules_keys[settings.source] = rules_key(
                settings, self.cli, [os.path.join(root, p) for p in settings.rule_paths], self.extra_rules)
        hit = store.get(path, key, text)
        if hit is not None:  # the rules are not even loaded: the key covers their code and options
            findings, sources = hit
            result.sources.update(sources)
            self._proven.add(settings.source)
            return findings
        errors = len(result.errors)
        catalog, selection = self.selection_for(settings)
        unread: list[str] = []  # files the design names that could not be read: their findings hold only while so

        def reader(file: str) -> str:
            try:
                return read_source(file)
            except (SourceUnreadable, SourceUndecodable):
                unread.append(file)
                raise

        findings, sources = self._judge(path, text, result, settings, catalog, selection, reader)
        if findings is None or len(result.errors) != errors:  # a rule that crashed is not remembered
            return None if findings is None else _unique(findings)
        from .packs import installed_packs_fingerprint

        stored = Records.of(_unique(findings))  # what a hit will answer, and the json formats write
        store.put(path, key, text, sources, stored, installed_packs_fingerprint() if catalog.installed_loaded else None,
                  unread)
        return stored

    def _judge(self, path: str, text: str | None, result: LintResult, settings: Settings, catalog: Catalog,
               selection: Selection, reader: Reader | None = None) -> tuple[list[Finding] | None, dict[str, str]]:
        """Load one design and run the rules: its findings (None when its root cannot be read) and
        the text of every file it read."""
        from .loader import load
        from .suppress import apply_pragmas

        roots = [project_root(path)]
        roots += [os.path.join(settings.root or os.getcwd(), extra) for extra in settings.include_paths]
        try:
            loaded = load(path, text, include_roots=roots, reader=reader or self.reader)
        except SourceUnreadable as error:
            result.errors.append(str(error))
            return None, {}
        result.sources.update(loaded.sources)
        findings = list(loaded.findings)
        design = loaded.design
        judged = design is not None and not any(f.code in FATAL_CODES for f in findings)
        if judged:
            result.designs.append(design)
            findings += self._run_rules(design, catalog, selection, result.errors)
        if design is not None:
            findings = apply_pragmas(findings, design.pragmas, catalog.names(), selection.enabled, judged)
        return self._configured(findings, selection, settings), loaded.sources

    def _run_rules(self, design: Design, catalog: Catalog, selection: Selection, errors: list[str]) -> list[Finding]:
        from .graph import DesignGraph

        graph = DesignGraph(design)
        findings: list[Finding] = []
        for spec, options in selection.rules(catalog):
            stamp = {"rule": spec.name, "code": spec.code, "severity": selection.severity[spec.code]}
            try:
                for finding in spec.check(design, graph, options):
                    if not isinstance(finding, Finding):
                        raise TypeError(f"check() yielded {type(finding).__name__}, not a Finding")
                    findings.append(finding.model_copy(update=stamp))
            except Exception as error:  # one rule's bug must not hide the others' findings
                errors.append(
                    f"rule `{spec.name}` ({spec.code}) failed on {design.root}: {type(error).__name__}: {error}"
                )
        return findings

    def _configured(self, findings: list[Finding], selection: Selection, settings: Settings) -> list[Finding]:
        root = settings.root or os.getcwd()
        ignores = selection.per_file_ignores
        kept = []
        for finding in findings:
            code = finding.code
            if code not in selection.enabled:
                continue
            if ignores and code not in FATAL_CODES and code in ignores.codes_for(relative(finding.location.file, root)):
                continue
            level = selection.severity.get(code, finding.severity)
            kept.append(finding if level == finding.severity else finding.model_copy(update={"severity": level}))
        return kept


def _into_block(findings: list[Finding], path: str, block: markdown.Block) -> list[Finding]:
    """A block's findings in the document's lines. Those about the design as a whole point at
    the block's opening fence (the loader puts them at the start of the text, line 1 of
    `block_text`, which holds nothing of the block)."""
    fence = Location(file=path, line=block.fence_line, column=block.indent + 1,
                     end_line=block.fence_line, end_column=len(block.fence) + 1)
    shift = markdown.line_shift(block)

    def moved(loc: Location) -> Location:
        if loc.file != path:
            return loc  # an included file: its own lines
        if loc.line < 2:
            return fence
        return loc._replace(line=loc.line + shift, end_line=loc.end_line + shift)

    placed = []
    for finding in findings:
        update: dict = {"location": moved(finding.location)}
        if finding.related:
            update["related"] = tuple(r.model_copy(update={"location": moved(r.location)}) for r in finding.related)
        placed.append(finding.model_copy(update=update))
    return placed


def _sort(result: LintResult) -> None:
    """The run's findings sorted and once each; one design's stored records are already."""
    if result.records is None:
        result.findings = _unique(result.findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    """Sorted, and once each: a file included by two linted designs is reported once."""
    seen = set()
    unique = []
    for place, finding in sorted(((f.sort_key(), f) for f in findings), key=itemgetter(0)):  # each key made once
        key = (place, finding.element)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def lint(paths: str | Sequence[str], **options) -> LintResult:
    """Lint design files and directories; see `Linter` for the options."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return Linter(**options).lint_paths([os.fspath(p) for p in paths])


def lint_text(text: str, path: str = "design.arch", **options) -> LintResult:
    """Lint a design given as text (its includes resolve relative to `path`)."""
    linter = Linter(**options)
    result = LintResult()
    linter.lint_file(path, result, text=text)
    _sort(result)
    return result


__all__ = ["ConfigError", "LintResult", "Linter", "lint", "lint_text"]
