"""The fields asked for each kind of record and the CSV columns they make: `Field` (a name,
or a nested object written the Clio way, ``client{id,name}``), `Kind` (what a kind's export
asks for and where) and the parser of field lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One requested field; ``subfields`` set for a nested object (or a list of objects)."""

    name: str
    subfields: tuple[Field, ...] = ()
    is_list: bool = False

    @property
    def spec(self) -> str:
        """The field as written in a ``fields=`` query parameter."""
        if self.subfields:
            return f"{self.name}{{{','.join(sub.spec for sub in self.subfields)}}}"
        return self.name

    @property
    def columns(self) -> tuple[str, ...]:
        """CSV columns: a nested object becomes dotted columns (recursively); a list of objects
        stays one cell of JSON text."""
        if self.subfields and not self.is_list:
            return tuple(
                f"{self.name}.{column}" for sub in self.subfields for column in sub.columns
            )
        return (self.name,)


@dataclass(frozen=True)
class ParentList:
    """How a list the service gives one parent record at a time is taken whole: for each record
    of the parent kind, in id order, the list with the parent named in a query parameter (a
    conversation's messages: `conversation_id`)."""

    kind: str  # the parent kind's key
    param: str  # the query parameter naming the parent
    count_field: str  # the parent's field that counts its records in this list


@dataclass(frozen=True)
class Kind:
    """A kind of record as exported: its file name, where it is listed and what is asked for."""

    key: str  # file stem under records/, unique
    endpoint: str  # path under /api/v4/, without ".json"
    label: str  # plain words for people
    schema: str  # the Clio schema name the fields come from
    fields: tuple[Field, ...]
    params: tuple[tuple[str, str], ...] = ()  # extra query parameters (notes need a type)
    parent: ParentList | None = None  # set for a list given one parent record at a time

    @property
    def fields_param(self) -> str:
        return ",".join(field.spec for field in self.fields)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for field in self.fields for column in field.columns)


def parse_fields(text: str) -> tuple[Field, ...]:
    """Parse ``a,b{c,d[]{e}}`` where ``name[]`` marks a list of objects."""
    fields, rest = _parse_list(text.replace(" ", "").replace("\n", ""))
    if rest:
        raise ValueError(f"unexpected {rest[:20]!r} in a field list")
    return fields


def _parse_list(text: str) -> tuple[tuple[Field, ...], str]:
    fields: list[Field] = []
    while text:
        index = 0
        while index < len(text) and text[index] not in ",{}":
            index += 1
        head, text = text[:index], text[index:]
        is_list = head.endswith("[]")
        name = head.removesuffix("[]")
        subfields: tuple[Field, ...] = ()
        if text.startswith("{"):
            subfields, text = _parse_list(text[1:])
            if not text.startswith("}"):
                raise ValueError(f"unclosed brace after {name!r}")
            text = text[1:]
        fields.append(Field(name, subfields, is_list))
        if text.startswith(","):
            text = text[1:]
            continue
        break
    return tuple(fields), text


def field_list(*specs: str) -> tuple[Field, ...]:
    return parse_fields(",".join(specs))


# Every field the reference backend serves for each kind, in Clio v4 names (the same
# selection works against the real service). `name[]{...}` marks a list of objects.
