"""Offline portal simulator (research §8): invented gov.cn portals of each CMS family on loopback.

``corpus`` generates units, reports and distractors with a ground-truth manifest;
``sites`` renders them the way Hanweb, TRS, gkmlpt and hostile gov.cn-style portals do;
``app`` serves every site from one ASGI app routed by Host and fails closed for any other
host; ``server`` runs it on 127.0.0.1 for tests, the benchmark and the offline demo.
"""
