"""Account Desk's core: no Qt. Config, credentials, REST clients, domain rules, export, CLI."""

__version__ = "0.1.0"
