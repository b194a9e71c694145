"""sigmoid is a number, not a function."""

sigmoid = 0.5
