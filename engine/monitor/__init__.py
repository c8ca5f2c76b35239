"""Monitor and repeat: score new batches, watch drift and performance, retrain when told.

Pure functions over plain data (a GUI or a test can drive each one alone):

- ``stats``     distances between binned distributions and their resampled null thresholds
- ``binning``   one reference column binned once; a batch's column measured against it
- ``drift``     per-feature and prediction drift of a batch against the training reference
- ``drift_words`` drift in words and as chart data
- ``windows``   rolling-window metrics with confidence bands, respecting label delay
- ``batches``   a scored batch as stored rows, its summary, and late labels joined by id
- ``triggers``  which retrain triggers fired (drift, performance floor, schedule), in words

Modules that talk to the store (like ``engine.runner``):

- ``reference`` the training reference of a model version (rows, predictions, importance)
- ``record``    score and keep a batch (drift alarms as events), attach late labels
- ``report``    the monitor report (batches, windows, drift, alarms) and the trigger check
- ``retrain``   a new run on reference + new labelled rows, champion vs challenger, promotion

Everything returned to a caller is a JSON-safe dict (numbers, text, lists, None).
"""
