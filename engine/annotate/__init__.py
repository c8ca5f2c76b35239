"""Annotate: label rows whose target is missing, and correct labels that look wrong.

Everything here works on plain data (a DataFrame, lists of dicts, arrays) and is fast enough to
call from a GUI worker; only ``record`` talks to the store. One job per module:

- ``pool``: which rows are unlabelled (the pool) and which are labelled.
- ``label_model``: the quick model the other modules share (the project's own preprocessing).
- ``suspects``: labelled rows whose label the model finds least likely (out-of-fold).
- ``hygiene``: class names that are spellings of one another ("Yes", "yes ", "Y").
- ``active``: the order in which to label the pool (most uncertain first, some at random).
- ``apply``: annotations applied to a frame, giving a new frame.
- ``record``: annotations stored as a new dataset version, and undone.

A **row key** is a row's position in its dataset version: 0 for the first row of the stored
Parquet file, ``len(frame) - 1`` for the last. It is stable because a dataset version never
changes; applying annotations keeps every row in its place, so a row has the same key in the
new version. An **annotation** is ``{"row": <row key>, "label": <text, or None to remove>}``.
"""
