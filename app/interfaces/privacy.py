"""Questions can carry patient details, so they reach the logs only when CDS_LOG_QUESTIONS is on."""

from __future__ import annotations

import logging
import sys
import traceback


def log_question(log: logging.Logger, settings, question: str) -> None:
    if settings.log_questions:
        log.info("question: %s", question)


def log_failure(log: logging.Logger, settings, what: str) -> None:
    """Log the exception being handled. Its message may quote the question, so unless questions may be
    logged only its type and the frames it passed through (file, line, code) are written."""
    if settings.log_questions:
        log.exception(what)
        return
    exc_type, _, tb = sys.exc_info()
    frames = "".join(traceback.format_tb(tb))
    log.error("%s: %s (message withheld; CDS_LOG_QUESTIONS=1 shows it)\n%s",
              what, exc_type.__name__ if exc_type else "error", frames.rstrip())
