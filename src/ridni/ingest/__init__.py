"""Import of every source with provenance: readers, mapping, normalisation, the registry."""
