"""openpyxl, imported without numpy.

openpyxl imports numpy whenever it is installed (`openpyxl/compat/numbers.py` tries `import
numpy`), only to accept numpy's number types as cell values; matplotlib, for the charts, brings
numpy into every installation. tdcli writes Python numbers only (ints, floats, Decimals from the
table model), and importing numpy costs a command about as much as openpyxl itself (some 150
ms of `tdcli compile` here). So the first import of openpyxl goes through `load_openpyxl()`,
with numpy marked absent in `sys.modules` for that moment: a `None` there makes `import numpy`
raise `ImportError`, as the import system documents ("The module cache"). The mark is removed at
once, so matplotlib, and anything else, imports numpy as usual afterwards. When numpy is
already imported (the charts came first), openpyxl takes it as it would anyway: it costs
nothing more then.

Every function of `render/` that imports openpyxl calls `load_openpyxl()` first.
"""

from __future__ import annotations

import sys

__all__ = ["load_openpyxl"]


def load_openpyxl() -> None:
    """Import openpyxl, without numpy unless numpy is imported already."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        import openpyxl  # already imported, or numpy is: nothing to spare

        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails for now
    try:
        import openpyxl  # noqa: F401
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]
