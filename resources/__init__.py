"""The files the app reads at run time: help articles, translations, icons, the self-service
contract and the exported index page's HTML, CSS, script and words.

A package only so that they travel with the code: a wheel carries them as package data and the
built app as data files, and both are found with importlib.resources (app.resource_files; the
reference backend looks up its contract itself). Nothing here is code to import.
"""

#: Tells this package from any other top-level `resources` that happens to be importable.
ACCOUNT_DESK_RESOURCES = True
