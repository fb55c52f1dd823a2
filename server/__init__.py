"""The reference backend: the service side of Account Desk's REST contract (data API, OAuth,
self-service). It shares no code with the client."""
