"""One module per group of commands; each imports `app` from ..cli and adds to it."""
