"""Publishing to the Teams area: documents, the outbox worker, and its targets (Microsoft
Graph, or a local folder that mirrors it)."""
