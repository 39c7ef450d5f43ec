"""Reading deployment YAML safely: the safe loader only, bounded in size, every value with its line.

PyYAML's safe loader builds only plain data (no Python objects, no code). On top of it this
module refuses what could exhaust the machine: a file over MAX_BYTES, more than MAX_DOCUMENTS
documents, nesting deeper than MAX_DEPTH, and aliases that expand past MAX_NODES (a "billion
laughs" file is a few lines that expand to billions of nodes). Mappings and sequences come back
as `Map` and `Seq`, which remember the line of each entry, so every inferred fact can name the
line it came from.
"""

from __future__ import annotations

import os

MAX_BYTES = 4 * 1024 * 1024
MAX_DOCUMENTS = 1000
MAX_NODES = 200_000
MAX_DEPTH = 100


class ImportFailure(Exception):
    """A deployment file that cannot be imported: the message names the file and, where known, the line."""


class Map(dict):
    """A YAML mapping that remembers where it and each of its keys were written: (file, line)."""

    where: tuple = ("", 0)
    places: dict

    def place(self, key) -> tuple:
        return getattr(self, "places", {}).get(key, self.where)


class Seq(list):
    """A YAML sequence that remembers where it and each of its items were written: (file, line)."""

    where: tuple = ("", 0)
    places: list

    def place(self, index: int) -> tuple:
        places = getattr(self, "places", [])
        return places[index] if index < len(places) else self.where


class Tagged:
    """A compose merge tag on a value: `!reset` (drop what earlier files said) or `!override`."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


def read_text(path: str, what: str = "file") -> str:
    """A file's text (UTF-8, any line ending), refused past MAX_BYTES before a byte is read."""
    from ..sources import SourceUndecodable, SourceUnreadable, read_source

    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0  # read_source says why it cannot be read
    if size > MAX_BYTES:
        raise ImportFailure(f"{path}: the {what} is {size} bytes; the limit is {MAX_BYTES}")
    try:
        return read_source(path)
    except SourceUnreadable as error:
        raise ImportFailure(str(error)) from None
    except SourceUndecodable as error:
        raise ImportFailure(f"{path}:{error.line}:{error.column}: {error}") from None


def whole_number(value, where: str, what: str) -> int:
    """A count written in a file (`replicas: 3`, `"3"` after interpolation), 0 or more."""
    try:
        count = int(str(value).strip())
    except ValueError:
        raise ImportFailure(f"{where}: `{what}` must be a whole number, found `{value}`") from None
    if count < 0:
        raise ImportFailure(f"{where}: `{what}` must be 0 or more, found `{value}`")
    return count


def load_documents(path: str, text: str | None = None) -> list:
    """Every document of a YAML file as plain data (Map, Seq, str, int, ...), None for empty ones."""
    import yaml

    text = read_text(path) if text is None else text
    loader = _loader_class()(text)
    loader.source = path
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if len(documents) >= MAX_DOCUMENTS:
                raise ImportFailure(f"{path}: more than {MAX_DOCUMENTS} documents")
            _check_size(path, node)
            documents.append(loader.construct_document(node))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise ImportFailure(f"{where}: not valid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise ImportFailure(f"{path}: not valid YAML: {error}") from None
    except RecursionError:
        raise ImportFailure(f"{path}: nested more deeply than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    return documents


def _check_size(path: str, root) -> None:
    """Count the nodes the document expands to, aliases included; refuse cycles and excess."""
    import yaml

    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise ImportFailure(f"{path}:{node.start_mark.line + 1}: an alias refers to itself")
        if depth > MAX_DEPTH:
            raise ImportFailure(f"{path}:{node.start_mark.line + 1}: nested more deeply than {MAX_DEPTH} levels")
        total = 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            on_path.add(key)
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_NODES:
                    raise ImportFailure(f"{path}:{node.start_mark.line + 1}: the document expands to more "
                                        f"than {MAX_NODES} values (aliases counted each time they are used)")
            on_path.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


_LOADER = None


def _loader_class():
    global _LOADER
    if _LOADER is None:
        _LOADER = _make_loader()
    return _LOADER


def _make_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # the safe constructors only; no Python tags are ever registered
        pass

    def mapping(loader, node):
        result = Map()
        result.where = (loader.source, node.start_mark.line + 1)
        result.places = {}
        yield result
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key that is not a plain value", key_node.start_mark) from None
            result[key] = loader.construct_object(value_node, deep=True)
            result.places[key] = (loader.source, key_node.start_mark.line + 1)

    def sequence(loader, node):
        result = Seq()
        result.where = (loader.source, node.start_mark.line + 1)
        result.places = [(loader.source, child.start_mark.line + 1) for child in node.value]
        yield result
        result.extend(loader.construct_object(child, deep=True) for child in node.value)

    def tagged(tag):
        def construct(loader, node):
            if isinstance(node, yaml.MappingNode):
                value = _build(loader, node, mapping)
            elif isinstance(node, yaml.SequenceNode):
                value = _build(loader, node, sequence)
            else:
                value = loader.construct_scalar(node) or None
            return Tagged(tag, value)
        return construct

    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", sequence)
    Loader.add_constructor("!reset", tagged("reset"))
    Loader.add_constructor("!override", tagged("override"))
    return Loader


def _build(loader, node, constructor):
    generator = constructor(loader, node)
    value = next(generator)
    for _ in generator:
        pass
    return value
