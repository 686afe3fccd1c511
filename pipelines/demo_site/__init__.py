"""The bundled offline demo news site (docs/demo-site.md); standard library only.

- ``corpus.build_corpus``: the articles, a pure function of the seed.
- ``truth.truth_records`` / ``truth.export_truth``: what a perfect pipeline extracts.
- ``templates``: one HTML template module per outlet; ``feeds``: robots, sitemaps, RSS.
- ``server.DemoSite`` (routing), ``server.serve`` and ``server.running_site`` (127.0.0.1).
"""
