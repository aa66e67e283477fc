"""Language processing on top of spaCy: tokens, sentences, recommenders, training.

spaCy takes about a second to import, so nothing here imports it at package level: each module imports
it inside the functions that need it, and importing :mod:`annotator.nlp` stays free.
"""
