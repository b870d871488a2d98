"""What people and tools see: the CLI, the REST API and web UI, briefs and exports."""
