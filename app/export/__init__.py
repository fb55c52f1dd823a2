"""The local export: every record and document of the firm, verified, in open formats."""
