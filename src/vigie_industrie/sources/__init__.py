"""Official open-data sources: catalogue, pull (mirror or download), validation, raw readers."""
