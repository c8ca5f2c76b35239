"""The Annotate view: label the rows whose target is missing, fix doubtful labels, merge class
spellings, save them as one batch (a new dataset version, undoable) and retrain."""
