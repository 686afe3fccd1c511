"""The bundled offline demo news site (docs/demo-site.md); standard library only.

- ``corpus.build_corpus``: the articles, a pure function of the seed.
- ``scaled.build_scaled_corpus`` / ``scaled.iter_days``: a site of M outlets over N days
  (``--outlets``/``--days``/``--start``), the same generator; ``registry``: its registry YAML.
- ``truth.truth_records`` / ``truth.export_truth``: what a perfect pipeline extracts.
- ``templates``: one HTML template module per outlet; ``feeds``: robots, sitemaps, RSS.
- ``routes.DemoSite`` (routing; re-exported by ``server``), ``server.serve`` and
  ``server.running_site`` (127.0.0.1, with a request log).
- Fault mode: ``faults.plan_faults`` (which URL misbehaves how, and the fault truth),
  ``fault_pages`` (what a faulted URL answers); the server acts out the transient ones.
"""
