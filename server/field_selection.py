"""`fields=` of the data API: parsing a selection, checking it against what a kind has, and
rendering a stored record with just the fields asked for (Clio's default is id and etag)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import orjson

from server.errors import ApiError
from server.practice.kinds import KINDS, Shape
from server.practice.records import StoredRecord
from server.published_fields import PUBLISHED
from server.published_fields_more import PUBLISHED_MORE

DEFAULT_NESTED: Shape = {"id": None, "etag": None}


def _invalid(message: str) -> ApiError:
    return ApiError(400, "InvalidRequest", message)


def parse_fields(text: str) -> Shape:
    """`a,b,client{id,name}` -> {"a": None, "b": None, "client": {"id": None, "name": None}}."""
    position = 0

    def parse_list(depth: int) -> Shape:
        nonlocal position
        selection: Shape = {}
        while True:
            start = position
            while position < len(text) and (text[position].isalnum() or text[position] == "_"):
                position += 1
            name = text[start:position]
            sub: Shape | None = None
            if position < len(text) and text[position] == "{":
                if not name:
                    raise _invalid("fields: a nested selection needs a field name before '{'")
                position += 1
                sub = parse_list(depth + 1)
                if position >= len(text) or text[position] != "}":
                    raise _invalid("fields: missing '}'")
                position += 1
            if name:
                selection[name] = sub
            if position >= len(text):
                if depth:
                    raise _invalid("fields: missing '}'")
                return selection
            char = text[position]
            if char == ",":
                position += 1
                continue
            if char == "}" and depth:
                return selection
            raise _invalid(f"fields: unexpected character {char!r} at position {position}")

    return parse_list(0)


def _union(first: Shape, second: Shape) -> Shape:
    merged: Shape = dict(first)
    for name, sub in second.items():
        mine = merged.get(name)
        if name not in merged or mine is None:
            merged[name] = sub
        elif sub is not None:
            merged[name] = _union(mine, sub)
    return merged


#: What `fields=` accepts per kind: every published field, and whatever else the demo stores.
ACCEPTED: dict[str, Shape] = {
    kind: _union(spec.shape, {**PUBLISHED, **PUBLISHED_MORE}.get(kind, {}))
    for kind, spec in KINDS.items()
}


def default_nested(shape: Shape) -> Shape:
    """A nested object asked for without braces: its id and etag, as Clio answers."""
    return {name: None for name in DEFAULT_NESTED if name in shape} or DEFAULT_NESTED


def validate(selection: Shape, shape: Shape, where: str) -> Shape:
    checked: Shape = {}
    for name, sub in selection.items():
        if name not in shape:
            raise ApiError(400, "InvalidFields", f"Unknown field: {where}{name}")
        nested = shape[name]
        if nested is None:
            if sub is not None:
                raise ApiError(400, "InvalidFields", f"{where}{name} has no nested fields")
            checked[name] = None
        else:
            checked[name] = (
                default_nested(nested) if sub is None else validate(sub, nested, f"{where}{name}.")
            )
    return checked


@lru_cache(maxsize=512)
def selection_for(kind: str, fields: str | None) -> tuple[Shape, str]:
    """The checked selection and how to render it: "default" (id, etag), "full" (the stored
    JSON as it is, when exactly the stored fields are asked for) or "pick" (fields the demo
    does not store come back null)."""
    if fields is None or not fields.strip():
        return default_nested(KINDS[kind].shape), "default"
    selection = validate(parse_fields(fields.replace(" ", "")), ACCEPTED[kind], "")
    if not selection:
        return default_nested(KINDS[kind].shape), "default"
    mode = "full" if selection == KINDS[kind].shape else "pick"
    return selection, mode


def pick(record: dict[str, Any], selection: Shape) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, sub in selection.items():
        value = record.get(name)
        if sub is not None and value is not None:
            value = (
                [pick(item, sub) for item in value] if isinstance(value, list) else pick(value, sub)
            )
        out[name] = value
    return out


def render(kind: str, record: StoredRecord, selection: Shape, mode: str) -> str:
    if mode == "full":
        return record.body
    if mode == "default":
        record_id = f'"{record.id}"' if KINDS[kind].string_ids else str(record.id)
        if "etag" not in selection:  # a kind published without one (online payments)
            return f'{{"id":{record_id}}}'
        return f'{{"id":{record_id},"etag":{json.dumps(record.etag)}}}'
    return orjson.dumps(pick(orjson.loads(record.body), selection)).decode()
