"""The local export: the Data export page and the export wizard."""
