"""The Monitor view: a project's scored batches, drift, rolling metrics and retrains, live."""
