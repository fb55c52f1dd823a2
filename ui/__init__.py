"""Everything Qt: windows, pages, wizards, and the bridge that runs core jobs in the background."""
