"""The sources of the world, one writer each, in the order they should be imported."""

from ridni.synth.sources.adoption import AdoptionWriter
from ridni.synth.sources.base import FIELDS, RENAMED, Record, SourceInfo, SourceWriter, Unit
from ridni.synth.sources.counterpart import OccupiedListWriter, OmbudsmanWriter
from ridni.synth.sources.osint import OsintWriter
from ridni.synth.sources.returns import ReturnListWriter
from ridni.synth.sources.ukrainian import FamilyReportWriter, RegistryWriter

WRITERS: tuple[type[SourceWriter], ...] = (
    RegistryWriter,
    FamilyReportWriter,
    OsintWriter,
    OmbudsmanWriter,
    OccupiedListWriter,
    AdoptionWriter,
    ReturnListWriter,
)

__all__ = [
    "FIELDS",
    "RENAMED",
    "WRITERS",
    "AdoptionWriter",
    "FamilyReportWriter",
    "OccupiedListWriter",
    "OmbudsmanWriter",
    "OsintWriter",
    "Record",
    "RegistryWriter",
    "ReturnListWriter",
    "SourceInfo",
    "SourceWriter",
    "Unit",
]
