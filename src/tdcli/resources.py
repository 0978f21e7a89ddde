"""Files that ship with tdcli: the example workspaces and the Word templates.

Installed from a wheel they sit inside the package (`tdcli/_examples`, `tdcli/_templates`);
in a source checkout (an editable install) they are the repository's `examples/` and
`templates/` folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

__all__ = ["bundled_dir"]

_PACKAGED = {"examples": "_examples", "templates": "_templates"}


def bundled_dir(kind: Literal["examples", "templates"]) -> Path:
    """The folder of bundled `kind`; raises FileNotFoundError if the installation lacks it."""
    packaged = resources.files("tdcli") / _PACKAGED[kind]
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(kind)
