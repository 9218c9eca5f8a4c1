"""The plots behind :mod:`dlkit.viz`, one module per kind of figure.

Import them from :mod:`dlkit.viz`; these modules are how it is organised.
"""
