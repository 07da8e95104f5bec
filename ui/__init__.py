"""Presentation helpers shared by the pages: map layers, cached loaders, session keys."""
