"""Reading and writing annotation files: one reader and one writer per format, all streaming.

Writers live behind :data:`annotator.formats.exporting.FORMATS`; readers behind the import verb.
"""
