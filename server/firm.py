"""The seeded firm's people. The demo and bench seeds both use these six users, with these ids,
so the practice data (server.practice) and the accounts (server.accounts) agree on who is who."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PRIMARY_SUBSCRIBER = "primary_subscriber"
    ADMINISTRATOR = "administrator"
    ATTORNEY = "attorney"
    STAFF = "staff"


@dataclass(frozen=True)
class SeedUser:
    id: int
    first_name: str
    last_name: str
    email: str
    role: Role
    password: str  # demo only; the server stores a salted hash

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


FIRM_NAME = "Harbor & Finch LLP"

SEED_USERS: tuple[SeedUser, ...] = (
    SeedUser(
        1,
        "Margaret",
        "Harbor",
        "margaret.harbor@harborfinch.example",
        Role.PRIMARY_SUBSCRIBER,
        "harbor-demo",
    ),
    SeedUser(
        2,
        "Daniel",
        "Okafor",
        "daniel.okafor@harborfinch.example",
        Role.ADMINISTRATOR,
        "okafor-demo",
    ),
    SeedUser(
        3, "Eleanor", "Finch", "eleanor.finch@harborfinch.example", Role.ATTORNEY, "finch-demo"
    ),
    SeedUser(
        4, "Rafael", "Ibáñez", "rafael.ibanez@harborfinch.example", Role.ATTORNEY, "ibanez-demo"
    ),
    SeedUser(5, "Priya", "Raman", "priya.raman@harborfinch.example", Role.STAFF, "raman-demo"),
    SeedUser(6, "Tom", "Kowalski", "tom.kowalski@harborfinch.example", Role.STAFF, "kowalski-demo"),
)


def user_for_role(role: Role | str) -> SeedUser:
    """The first seeded user with that role."""
    return next(u for u in SEED_USERS if u.role == Role(role))
