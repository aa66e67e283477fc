"""The desktop app: thin widgets over the project's verbs. Nothing here owns data."""
