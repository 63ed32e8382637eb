"""Check the catalog: semantic rules, the catch-all detector, problem codes and reporters."""
