"""Loops forever at its top level."""

while True:
    pass
