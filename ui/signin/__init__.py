"""Signing in: the sign-in window."""
