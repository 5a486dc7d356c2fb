"""ridni: find, verify and bring home children deported or forcibly displaced in war."""

__version__ = "0.1.0"
