"""Signing in: OAuth, tokens in the keyring, the demo sign-in."""
