"""The bundled offline demo news site (docs/demo-site.md); standard library only.

- ``corpus``: the records (``DemoArticle``, ``Corpus``) and the bundled site's shape.
- ``generator``: the one generator of the articles, a pure function of the seed and the
  shape: ``build_corpus`` (the bundled site), ``build_scaled_corpus`` / ``iter_days`` (a
  site of M outlets over N days, ``Scale``; ``--outlets``/``--days``/``--start``);
  ``registry``: a site's registry YAML.
- ``truth.truth_records`` / ``truth.export_truth``: what a perfect pipeline extracts.
- ``templates``: one HTML template module per outlet; ``feeds``: robots, sitemaps, RSS.
- ``routes.DemoSite`` (routing; re-exported by ``server``), ``server.serve`` and
  ``server.running_site`` (127.0.0.1, with a request log).
- Fault mode: ``faults.plan_faults`` (which URL misbehaves how, and the fault truth),
  ``fault_pages`` (what a faulted URL answers); the server acts out the transient ones.
"""
