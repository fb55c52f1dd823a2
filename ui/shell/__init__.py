"""The shell: the application, its launcher and options, the main window, crash reporting."""
