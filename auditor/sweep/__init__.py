"""`audit sweep`: many portals audited as tasks on a Dask cluster, merged into one report each.

- `plan`: the sweep file and command line → one `PortalSpec` per portal;
- `spool`: the JSON Lines parts tasks write and the client reads back;
- `task`: what runs on a worker (one portal, or one page range / dataset batch of it);
- `merge`: a portal's parts replayed into the very report `audit portal` gives;
- `runner`: the cluster, the task graph, retries, resuming, politeness, progress.
"""
