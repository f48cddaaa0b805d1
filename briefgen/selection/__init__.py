"""Selection: what one brief's audience gets (filters, terminology), and why (explain)."""
