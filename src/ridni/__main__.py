from ridni.cli import app

app()
