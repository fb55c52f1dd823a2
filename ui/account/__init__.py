"""The Account and Payment Info screen."""
