"""Load: YAML files to the frozen model, every problem located (yamltree → fields → content, briefs)."""
