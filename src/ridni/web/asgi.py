"""``uvicorn ridni.web.asgi:app``: the app from the environment's settings (multi-worker serving)."""

from ridni.web.app import create_app

app = create_app()
