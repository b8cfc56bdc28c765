"""Sporskifte: case management for municipal social psychiatry."""
