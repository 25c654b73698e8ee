"""Package names loaded on first use (PEP 562), shared by the packages that need it.

``planner trips`` answers from the cache index without the model's dataclasses,
the agenda builders or the TOML reader; importing a package must not import
them all. A package lists where each public name lives and gets the module
``__getattr__``/``__dir__`` pair from :func:`lazy_names`.
"""

from __future__ import annotations

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (7 ms at start); mypy reads the name alike."""

if TYPE_CHECKING:  # only for annotations: typing costs 7 ms at start, more than replaying a kept answer
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any


def lazy_names(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any], public: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``homes`` maps a name to its submodule.

    A name, once loaded, is stored in the package's ``namespace`` so the next
    lookup is an ordinary attribute.
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *public})

    return __getattr__, __dir__
