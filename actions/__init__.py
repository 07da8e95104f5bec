"""What the county's staff do, one function per action: take a request, plan, commit,
step a job, place urgent work, apply or clear a flood, replay a day, make a grid plan
live, evaluate a month.

The pages (`ui/`, `views/`) call these; these call the repositories of `store/` (SQL in,
domain types out) and the pure core (`dispatch/`, `geo/`). Nothing here imports
streamlit or folium, and nothing in `store/`, `dispatch/` or `geo/` imports this."""
