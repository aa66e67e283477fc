"""``python -m annotator`` and the frozen bundle's entry point."""

import multiprocessing

from annotator.launch import main

if __name__ == "__main__":
    # Training runs in a spawned child process; a frozen bundle must route that child here.
    multiprocessing.freeze_support()
    main()
