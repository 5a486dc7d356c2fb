"""Storage: declarative base, engine and sessions, migrations."""
