"""Spatial logic of DualGrid: road network, terrain and floods, partitions, county layers.

Pure: never imports streamlit, folium or the store, and reads the environment in one
place only, `geo.settings` (``DUALGRID_ROUTER``, ``DUALGRID_OFFLINE``, ``DUALGRID_CACHE``).
"""
