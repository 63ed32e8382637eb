"""Record data in less memory: equal strings as one object.

A build holds every item's data until the model is made, and the same texts recur in every
record: field names, law ids and article numbers, window, department and material names. Data
read in a worker process, or parsed from JSON, has a separate string object for each
occurrence; passing it through `shared_strings` with one table leaves one object per distinct
text. The data compare equal before and after.
"""

from __future__ import annotations

from typing import Any


def shared_strings(value: Any, table: dict[str, str]) -> Any:
    """`value` with each string (dict keys too) replaced by the first equal one in `table`.
    Only plain dicts, lists and strings are rebuilt; anything else is returned as it is."""
    kind = type(value)
    if kind is str:
        return table.setdefault(value, value)
    if kind is dict:
        return {table.setdefault(k, k) if type(k) is str else k: shared_strings(v, table) for k, v in value.items()}
    if kind is list:
        return [shared_strings(v, table) for v in value]
    return value
