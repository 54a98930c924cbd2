"""dgkg: the command line that wires the rooms (ontology, graph_build, queries, viz) together."""
