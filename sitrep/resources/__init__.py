"""Curated data files (lexicons, actor names, gazetteer supplement, the trained typing model).

Read them with ``importlib.resources.files("sitrep.resources")``; each file documents its sources.
"""
