"""The national map: contours (warehouse ``contour_*`` marts) and choropleth values with class breaks."""
