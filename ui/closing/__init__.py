"""Closing the account: the walkthrough, its steps, the receipt, and the Data availability
countdown."""
