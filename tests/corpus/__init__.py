"""Labelled corpora and the generator that composes labelled messages."""
