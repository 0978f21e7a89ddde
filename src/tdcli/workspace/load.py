"""Loading a workspace: find the folder holding `cluster.yaml`, read it, check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tdcli.check.cluster import check_years
from tdcli.check.model_errors import issues_from_validation_error
from tdcli.errors import UsageError
from tdcli.model.cluster import ClusterConfig, YearConfig
from tdcli.model.issues import Issue, make_issue
from tdcli.model.provinces import Province
from tdcli.read.yamlfile import read_yaml
from tdcli.workspace.layout import CLUSTER_FILE, WorkspaceLayout

__all__ = ["Workspace", "WorkspaceNotFound", "find_workspace", "load_workspace"]


class WorkspaceNotFound(UsageError):
    """No `cluster.yaml` in the folder given, nor in the current folder or its parents."""


@dataclass(frozen=True)
class Workspace:
    """A loaded workspace: its folder, its configuration and each member's province."""

    root: Path
    config: ClusterConfig
    provinces: dict[tuple[int, str], Province] = field(default_factory=dict)

    @property
    def layout(self) -> WorkspaceLayout:
        return WorkspaceLayout(self.root)

    @property
    def cluster_file(self) -> Path:
        return self.layout.cluster_file

    @property
    def submissions_dir(self) -> Path:
        return self.layout.submissions_dir

    def year(self, year: int) -> YearConfig | None:
        return self.config.years.get(year)

    def province_of(self, year: int, member_id: str) -> Province | None:
        return self.provinces.get((year, member_id))

    def provinces_in(self, year: int) -> dict[str, Province]:
        """Each member of `year` whose province is known, by id, in the year's member order."""
        config = self.year(year)
        members = config.members if config is not None else []
        return {
            member.id: province
            for member in members
            if (province := self.province_of(year, member.id)) is not None
        }


def find_workspace(start: Path | None = None, *, search_parents: bool = True) -> Path:
    """The folder holding `cluster.yaml`: `start` itself or its nearest parent that has one."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents) if search_parents else (here,):
        if (folder / CLUSTER_FILE).is_file():
            return folder
    raise WorkspaceNotFound(
        f"Không tìm thấy {CLUSTER_FILE} trong {here} hay thư mục cha nào; "
        "dùng --workspace THƯ_MỤC hoặc tạo mới bằng 'tdcli init THƯ_MỤC'"
    )


def load_workspace(root: Path) -> tuple[Workspace | None, list[Issue]]:
    """Read and check `cluster.yaml`; problems come back as issues located by line."""
    file = root / CLUSTER_FILE
    document, issues = read_yaml(file)
    if document is None:
        return None, issues
    if not isinstance(document.data, dict):
        issues.append(
            make_issue(
                "wrong-type",
                file=file,
                location=document.location(()),
                detail="phải là một nhóm các mục",
            )
        )
        return None, issues
    try:
        config = ClusterConfig.model_validate(document.data)
    except ValidationError as error:
        issues.extend(
            issues_from_validation_error(
                error, file=file, locate=document.location, model=ClusterConfig
            )
        )
        return None, issues
    provinces, year_issues = check_years(config, document.location, file)
    issues.extend(year_issues)
    return Workspace(root=root, config=config, provinces=provinces), issues
