"""Turning retrieved passages into answers with ``[n]`` citations."""
