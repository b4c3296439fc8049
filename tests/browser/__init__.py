"""Tests that open every page of the built site in a real browser."""
