"""The Settings screens. Each page is registered by (group, title, factory) in
`ui.main_window.PageRegistry`; `system_pages()` gives the System group's pages."""

from ui.pages.placeholder import PlaceholderPage, system_pages

__all__ = ["PlaceholderPage", "system_pages"]
