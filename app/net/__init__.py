"""Talking to servers: the one HTTP session, paging, JSON text, the server presets."""
