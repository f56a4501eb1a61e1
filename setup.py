"""Package layout: the source folders stay at the top of the repository, installed under ``gknb``.

``extract/`` installs as ``gknb.extract``, ``transform/`` as ``gknb.transform`` and so on, so
the wheel puts one ``gknb`` package into site-packages instead of generic top-level names
(``load``, ``flows``…) that other packages could shadow.  ``sql/`` ships inside the wheel
as ``gknb.sql`` (schema and views are read with importlib.resources).  Everything else about
the package is declared in pyproject.toml; this file only computes the mapped package list.
"""

from setuptools import find_packages, setup

MAPPED = ("model", "extract", "transform", "load", "flows", "synth", "sql")

package_dir = {"gknb": "gknb", **{f"gknb.{top}": top for top in MAPPED}}
packages = ["gknb", *(f"gknb.{sub}" for sub in find_packages("gknb"))]
for top in MAPPED:
    packages += [f"gknb.{top}", *(f"gknb.{top}.{sub}" for sub in find_packages(top))]

setup(package_dir=package_dir, packages=packages)
