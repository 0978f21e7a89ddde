"""tdcli: the report compiler of emulation clusters (cụm thi đua) of environment departments.

The library reads submissions, validates them against the indicator catalogue and the
workspace, and (in later stages) aggregates and renders them. It never prints.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
