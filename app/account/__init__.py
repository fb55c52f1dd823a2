"""The account and its billing: the self-service API client, its typed values, the billing rules."""
