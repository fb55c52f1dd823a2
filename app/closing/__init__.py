"""Closing the account: what it costs and when, sending it safely, what is kept afterwards."""
