"""Rule options declared without pydantic, validated by it only when a configuration sets them.

A lint imports every rule; were each rule's `Options` a pydantic model, every lint would import
pydantic (a third of a small design's run) to read defaults. A rule declares its options so::

    class Options(DeclaredOptions):
        max_chain: int = option(5, "calls one inside the other", ge=1, strict=True)

A rule that no configuration sets gets `Options()`, its defaults as attributes. A rule given a
table gets what the pydantic model made from the declaration (`Options.model()`) validates: the
same attributes, and the configuration's mistakes in pydantic's words, as for any rule pack.
`option`'s keywords are pydantic `Field`'s constraints; `check` runs after them (raise
`ValueError` to refuse a value, return the value to keep).
"""

from __future__ import annotations

import functools
import sys
import typing
from typing import Any, Callable, NamedTuple


class _Option(NamedTuple):
    default: Any
    description: str
    check: Callable[[Any], Any] | None
    constraints: dict


def option(default: Any, description: str, *, check: Callable[[Any], Any] | None = None, **constraints) -> Any:
    """One option: its default, what it means (for the rules reference) and pydantic `Field`
    constraints (`ge=1`, `strict=True`, ...)."""
    return _Option(default, description, check, constraints)


class DeclaredOptions:
    """Base of an `Options` class declared with `option`; an instance holds the defaults."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        declared = {}
        for name in cls.__dict__.get("__annotations__", {}):
            value = cls.__dict__.get(name)
            if not isinstance(value, _Option):
                raise TypeError(f"option `{name}` of {cls.__module__}.{cls.__qualname__} is not declared "
                                f"as `{name}: type = option(default, description)`")
            declared[name] = value
        cls._declared = declared
        cls._model = None

    def __init__(self) -> None:
        for name, declared in self._declared.items():
            object.__setattr__(self, name, declared.default)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"rule options are read-only: `{name}`")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self._declared) + ")"

    @classmethod
    def model(cls) -> type:
        """The pydantic model that validates a configuration of these options, made once."""
        if cls._model is None:
            from pydantic import AfterValidator, Field, create_model

            hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
            fields = {}
            for name, declared in cls._declared.items():
                hint = hints[name]
                if declared.check is not None:
                    hint = typing.Annotated[hint, AfterValidator(declared.check)]
                fields[name] = (hint, Field(declared.default, description=declared.description,
                                            **declared.constraints))
            cls._model = create_model(cls.__name__, __base__=pydantic_base(), __module__=cls.__module__, **fields)
        return cls._model


@functools.cache
def pydantic_base() -> type:
    """`RuleOptions`: the pydantic base of every rule's options model (unknown keys are errors;
    keys are written in kebab-case). Made, and pydantic imported, on first use."""
    from pydantic import BaseModel, ConfigDict

    class RuleOptions(BaseModel):
        """Base of a rule's `Options`: unknown keys are errors; keys are written in kebab-case."""

        model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True,
                                  alias_generator=lambda field: field.replace("_", "-"))

    RuleOptions.__module__, RuleOptions.__qualname__ = "archlint.rule_api", "RuleOptions"
    return RuleOptions


def is_declared(options: Any) -> bool:
    return isinstance(options, type) and issubclass(options, DeclaredOptions)


def is_options(options: Any) -> bool:
    """Whether a rule module's `Options` is one: declared here, or a pydantic model (a pack's
    own, which has imported pydantic already)."""
    if is_declared(options):
        return True
    if not isinstance(options, type) or "pydantic" not in sys.modules:
        return False
    from pydantic import BaseModel

    return issubclass(options, BaseModel)


def model_of(options: type) -> type:
    """The pydantic model that validates `options` (a declared `Options` or a model itself)."""
    return options.model() if is_declared(options) else options


def defaults_of(options: type) -> Any:
    """The options a rule gets when no configuration sets them: nothing is validated."""
    return options() if is_declared(options) else options.model_construct()
