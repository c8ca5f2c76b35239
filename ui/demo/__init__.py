"""Demo mode: a project's story full screen for executives (``DemoWindow``), and its jobs."""
