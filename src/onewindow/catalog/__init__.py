"""Load the catalog: YAML with positions, JSON Schema, the resolved model and derived facts."""
