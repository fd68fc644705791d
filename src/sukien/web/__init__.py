"""Server-rendered HTML pages over the knowledge base: search, articles, timeline, network,
entities and figures. ``sukien.web.ui.install(app)`` mounts them on a FastAPI app."""
