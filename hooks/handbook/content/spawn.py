"""What the engine hands in to run work meanwhile in a second process (:mod:`handbook.engine.background`).

The content and the search index start work there without knowing the engine: they are given a
:class:`Spawn` (``Background.start``, or the ``Job`` class itself) and keep the :class:`Pending`
it returns until they need its value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Pending(Protocol[T_co]):
    """Work under way: :meth:`result` waits for it and returns its value."""

    def result(self) -> T_co:
        """The work's value (waits until it is done)."""
        ...


class Spawn(Protocol):
    """Starts ``work`` in a second process; ``soon=True`` when the caller will wait for it shortly."""

    def __call__(self, work: Callable[[], T], soon: bool = False) -> Pending[T]:
        """``work()`` under way."""
        ...
