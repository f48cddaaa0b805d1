"""Helpers for the output-quality tests (test_browser.py, test_pdf_quality.py)."""
