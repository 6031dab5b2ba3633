"""One router per resource; ``api.app.ROUTE_MODULES`` lists them."""
