"""The Samspill method as plain Python: rules, calculations and catalog loading.

Nothing in this package imports Django. Dataclasses go in, dataclasses come out,
so the web views, the CLI and the API all reason the same way.
"""
