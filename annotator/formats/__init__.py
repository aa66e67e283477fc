"""Reading and writing annotation files: plain records in, plain records out; never the store.

Readers are registered in :data:`annotator.formats.sources.READERS`, writers in
:data:`annotator.formats.registry.WRITERS`.
"""
