"""Cross-script identity resolution: features, the Splink model, clustering, persons."""

from ridni.ingest import hooks as _hooks
from ridni.linkage.frame import features_after_import

_hooks.register(features_after_import)
