"""Finding reports on a portal: detect the CMS family, walk its list pages, classify links.

One module per family (hanweb, trs, gkmlpt, govcn, generic) turns list pages into list
rows; ``columns`` finds the 年报 columns from a portal's home; ``links`` holds the row and
title rules all families share.
"""
