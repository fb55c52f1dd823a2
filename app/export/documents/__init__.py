"""The documents of an export: where each file goes (placement), one-by-one downloads checked
against their SHA-256 (download), job-based archives (archives) and archives unpacked as they
download (streamed), every earlier version (versions), and the run that drives them (run)."""
