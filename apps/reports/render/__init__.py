"""Renderers: PDF through WeasyPrint (`pdf`), Excel through the kit's writer (`xlsx`)."""
