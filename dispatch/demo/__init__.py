"""The synthetic demo county's people, customers and history (see `build.build_demo`)."""
