"""Answers from passages: the extractive answerer, LLM generation, conversations, prompts, caveats."""
