"""Sandbox services the tests and the demo run against."""
