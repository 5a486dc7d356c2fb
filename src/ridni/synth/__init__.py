"""synth: seeded synthetic people and records for tests, demos and benchmarks.

``generate_world`` writes a multi-source world in the canonical person-record format with its
ground truth; ``Rates`` holds every probability it uses. See ``docs/synth.md``.
"""

from ridni.synth.rates import Rates
from ridni.synth.world import WorldSummary, generate_world

__all__ = ["Rates", "WorldSummary", "generate_world"]
