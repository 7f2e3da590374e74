"""The HTTP layer: thin routers over ``QAService``."""
