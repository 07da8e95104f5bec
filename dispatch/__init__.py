"""The domain of DualGrid and its decisions: members, jobs, requests, plans, evaluation.

Pure: imports `geo` and plain libraries, never streamlit, folium or the store.
"""
