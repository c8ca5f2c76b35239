"""The Analyze view: one model version's evaluation in plain words, numbers and charts."""
