"""Tests of the telemed Python binding."""
