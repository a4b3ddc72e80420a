"""HTTP adapters: thin FastAPI routes over the sync services."""
