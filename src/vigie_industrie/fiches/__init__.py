"""The typed fiche of a territory (model, builder), read by the CLI, the API, later the web and the PDF."""
