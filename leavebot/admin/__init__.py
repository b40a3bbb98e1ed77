"""The admin server: aiohttp JSON API under ``/api`` and the health probe ``/healthz``."""
