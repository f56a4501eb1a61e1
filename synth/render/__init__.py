"""Renderers of synthetic reports: one module per document family (HTML, text, DOCX, PDF).

``grid`` declares the official table layouts once and ``outline`` the report skeleton;
the family modules only decide how those look in their format.
"""
