"""The workspace a cluster's secretariat keeps: its layout on disk and its loading."""

from tdcli.workspace.layout import CLUSTER_FILE, SUBMISSIONS_DIR, WorkspaceLayout
from tdcli.workspace.load import Workspace, WorkspaceNotFound, find_workspace, load_workspace

__all__ = [
    "CLUSTER_FILE",
    "SUBMISSIONS_DIR",
    "Workspace",
    "WorkspaceLayout",
    "WorkspaceNotFound",
    "find_workspace",
    "load_workspace",
]
