"""Converters from other tools' inputs into ternsim's arch YAML and workload IR."""
