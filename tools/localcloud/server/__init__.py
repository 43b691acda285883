"""Modules that run inside the server venv (.local-cloud/venv)."""
