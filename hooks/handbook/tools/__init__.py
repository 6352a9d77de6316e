"""The ``handbook`` command and the editors' and developers' tools: checks from the command line,
new cards and sources, translation stamps, synthetic handbooks and the benchmark."""
