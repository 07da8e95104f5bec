"""The synthetic demo county, shaped on public facts about Qiyang: its geography, people,
customers and a year of history, written as a county folder (`build.build_demo`).

Nothing outside this package imports it: the app and the store read the folder it writes
(`geo.layers`, `store.folder`) exactly as they would read a real county's."""
