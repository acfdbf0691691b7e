"""Evaluation and benchmarks: question-set scoring, retrieval benchmarks, load tests."""
