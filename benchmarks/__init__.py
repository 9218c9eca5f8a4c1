"""Speed of dlkit and of the course against references, from one command.

``make bench`` (or ``python -m benchmarks.run``) runs every benchmark and
writes ``benchmarks/results/results.md`` and a plot; ``benchmarks/README.md``
says what is measured and how to read it.
"""
