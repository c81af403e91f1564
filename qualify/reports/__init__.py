"""The funder report: what the cohorts reached in a period, with small groups withheld."""
