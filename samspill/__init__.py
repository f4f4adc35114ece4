"""Samspill: a workbench for introducing an AI tool in HR with every stakeholder on board."""
