"""Render: a Selection to HTML (Jinja2), PDF (WeasyPrint, PDF/UA), Word and evidence JSON."""
