"""``uvicorn ridni.web.asgi:app``: the app from the environment's settings (for several
worker processes)."""

from ridni.web.app import create_app

app = create_app(warm_up=True)
