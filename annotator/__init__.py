"""annotator: an offline workbench for tagging entities and events in news articles."""

__version__ = "0.1.0"
