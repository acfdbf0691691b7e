"""Citation verification: every sentence must be supported by the passage it cites."""
