"""Entry point of the import's reader process: ``python -m ridni.ingest.worker``.

Reads a pickled ``pipeline.Job`` on stdin and writes pickled chunks to stdout; see
``ridni.ingest.pipeline``.
"""

import sys

from ridni.ingest.pipeline import serve

if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
