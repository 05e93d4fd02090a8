"""``python -m frus_kg.serve`` is ``frus-kg serve``."""

from .command import serve

if __name__ == "__main__":
    serve(prog_name="frus-kg serve")
