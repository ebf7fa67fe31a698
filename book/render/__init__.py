"""Rendering: MyST text and tables, links, HTML figures with their data, and charts."""
