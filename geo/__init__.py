"""Spatial logic of DualGrid: road network, terrain, partitions, the demo county's geography.

Pure: never imports streamlit, folium or the store.
"""
