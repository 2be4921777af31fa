"""Koordinert site generator."""
