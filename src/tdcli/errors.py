"""Exceptions for when work cannot go on. Problems in data are issues, not exceptions."""

from __future__ import annotations

__all__ = ["TdcliError", "UsageError", "os_reason"]


class TdcliError(Exception):
    """Work cannot go on; the message is Vietnamese and shown to the user as it is."""

    exit_code = 1


class UsageError(TdcliError):
    """The command was called wrongly (a missing workspace, a folder that is not empty)."""

    exit_code = 2


_OS_REASONS = {
    "ENOENT": "không có thư mục hoặc tệp này",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép",
    "ENOSPC": "ổ đĩa đã hết chỗ trống",
    "EDQUOT": "đã hết hạn mức dung lượng",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "EEXIST": "đã có tệp hoặc thư mục trùng tên",
    "EBUSY": "tệp đang được chương trình khác dùng",
    "ETXTBSY": "tệp đang được chương trình khác dùng",
    "ENAMETOOLONG": "tên tệp quá dài",
    "ELOOP": "liên kết tượng trưng (symlink) vòng vô tận",
    "EIO": "lỗi đọc ghi đĩa",
    "EXDEV": "không chuyển được sang ổ đĩa khác",
}
_WINDOWS_REASONS = {
    5: "không có quyền truy cập (hoặc tệp đang mở trong Word, Excel: đóng tệp rồi chạy lại)",
    32: "tệp đang mở trong chương trình khác (Word, Excel?): đóng tệp rồi chạy lại",
    33: "tệp đang bị khóa bởi chương trình khác: đóng tệp rồi chạy lại",
    112: "ổ đĩa đã hết chỗ trống",
}


def os_reason(error: OSError) -> str:
    """What the operating system refused, in Vietnamese: the one place that says it, so that
    no English text of the system ("No such file or directory") reaches the user."""
    import errno

    windows = getattr(error, "winerror", None)
    if isinstance(windows, int) and windows in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[windows]
    name = errno.errorcode.get(error.errno or -1)
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    number = error.errno if error.errno is not None else windows
    return f"hệ điều hành báo lỗi số {number}" if number is not None else "lỗi hệ điều hành"
