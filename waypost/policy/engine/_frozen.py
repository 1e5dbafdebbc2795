"""Fast construction of frozen result dataclasses built once per matched rule.

A frozen dataclass's ``__init__`` assigns each field through ``object.__setattr__`` to get past its
own ``__setattr__`` guard, which makes it several times slower than a plain class. Explaining an
assessment builds one :class:`~.explain.Reason` per matched rule, tens of thousands a second in
simulations, so those are built by :func:`builder`, which sets the slots directly. The objects are
the same: still frozen, equal to and indistinguishable from ones made by calling the class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["builder"]

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[[Any, Any, Any], T]:
    """A three-argument constructor for ``cls``, a frozen, slotted dataclass of exactly three fields.

    Only for classes whose ``__init__`` does nothing but assign the fields (no ``__post_init__``).
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(fields) != 3 or hasattr(cls, "__post_init__") or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: expected a slotted dataclass of three fields without __post_init__")
    first, second, third = (cls.__dict__[field.name].__set__ for field in fields)
    new = object.__new__

    def build(a: Any, b: Any, c: Any) -> T:
        made = new(cls)
        first(made, a)
        second(made, b)
        third(made, c)
        return made

    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    return build
