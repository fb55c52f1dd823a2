"""What every screen shares: background jobs, widgets, formatting, translated names, the
support panel."""
