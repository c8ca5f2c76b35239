"""Reusable widgets and models: the DataFrame preview model, the live chart, the leaderboard."""
