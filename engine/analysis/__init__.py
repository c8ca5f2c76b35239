"""Evaluation of a trained model: metrics, value, drivers, errors, in plain words."""
