"""Problems found in data: a catalogue of stable codes with Vietnamese messages, and the report.

A problem in a user's file is a result, never an exception. Each has a kebab-case code that
never changes, a severity, where it happened and a message built from the catalogue's template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CATALOGUE",
    "Issue",
    "IssueType",
    "Location",
    "Severity",
    "ValidationReport",
    "issue_code_table",
    "make_issue",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "Lỗi" if self is Severity.ERROR else "Cảnh báo"


@dataclass(frozen=True, slots=True)
class IssueType:
    """One code of the catalogue and the message it gives.

    `params` names the placeholders of `template` other than `{value}` (the issue's value,
    which every code may show); a test keeps the declaration and the template in step.
    """

    code: str
    severity: Severity
    template: str
    description: str
    params: tuple[str, ...] = ()


def _catalogue(*types: IssueType) -> dict[str, IssueType]:
    return {item.code: item for item in types}


_E, _W = Severity.ERROR, Severity.WARNING

CATALOGUE: Mapping[str, IssueType] = _catalogue(
    # Files
    IssueType(
        "file-not-found", _E, "Không tìm thấy tệp hoặc thư mục", "A path given does not exist."
    ),
    IssueType(
        "file-unreadable",
        _E,
        "Không đọc được tệp: {detail}",
        "The OS refused to read the file.",
        params=("detail",),
    ),
    IssueType(
        "file-too-large",
        _E,
        "Tệp quá lớn ({size}); giới hạn là {limit}",
        "Bigger than tdcli reads.",
        params=("size", "limit"),
    ),
    IssueType("file-empty", _E, "Tệp rỗng, không có nội dung", "The file has no content."),
    IssueType(
        "unsupported-file",
        _E,
        "Không phải tệp báo cáo tdcli đọc được ({detail}); dùng tệp .yaml hoặc .xlsx",
        "A file type tdcli does not read.",
        params=("detail",),
    ),
    IssueType(
        "encoding-error",
        _E,
        "Tệp không được mã hóa UTF-8 ({detail}); lưu lại tệp với mã hóa UTF-8",
        "The text is not UTF-8 (TCVN3, VNI or another legacy encoding).",
        params=("detail",),
    ),
    IssueType(
        "xls-format",
        _E,
        "Tệp Excel dạng cũ (.xls, Excel 97-2003); mở bằng Excel, chọn Lưu thành "
        "(Save As) dạng Excel Workbook (.xlsx) rồi gửi lại",
        "An old binary .xls workbook.",
    ),
    IssueType(
        "workbook-encrypted",
        _E,
        "Tệp Excel có đặt mật khẩu mở tệp; gỡ mật khẩu (File > Info > Protect Workbook > "
        "Encrypt with Password, xóa mật khẩu) rồi gửi lại",
        "A password-protected (encrypted) workbook.",
    ),
    IssueType(
        "not-a-workbook",
        _E,
        "Không phải tệp Excel .xlsx ({detail}); gửi đúng tệp biểu mẫu đã điền",
        "A file named .xlsx that is something else (text, image, PDF, Word).",
        params=("detail",),
    ),
    IssueType(
        "corrupt-workbook",
        _E,
        "Tệp Excel bị hỏng hoặc không đầy đủ ({detail}); mở và lưu lại bằng Excel, "
        "hoặc gửi lại tệp",
        "A truncated or damaged .xlsx archive.",
        params=("detail",),
    ),
    IssueType(
        "zip-bomb",
        _E,
        "Tệp nén bất thường ({detail}); tdcli từ chối đọc để bảo vệ máy",
        "An archive that would expand to far more than any form.",
        params=("detail",),
    ),
    IssueType(
        "hostile-xml",
        _E,
        "Tệp chứa khai báo XML không được phép (DTD, ENTITY) trong {detail}; tdcli từ chối đọc",
        "XML with a DTD or entities (e.g. an entity-expansion bomb).",
        params=("detail",),
    ),
    IssueType(
        "not-a-tdcli-form",
        _E,
        "Bảng tính không phải biểu mẫu của tdcli ({detail}); tạo biểu mẫu bằng "
        "'tdcli form', điền số liệu vào đó rồi gửi lại",
        "A workbook without the form's named cells or metadata.",
        params=("detail",),
    ),
    IssueType(
        "unknown-form-version",
        _E,
        "Biểu mẫu phiên bản {value} không được hỗ trợ (tdcli đọc phiên bản {supported}); "
        "tạo biểu mẫu mới bằng 'tdcli form' và chép số liệu sang",
        "A form of a version this tdcli does not read.",
        params=("supported",),
    ),
    IssueType(
        "wrong-form-kind",
        _E,
        "Tệp này là {found} (kiểm tra bằng '{checked_by}'), không phải {expected}; "
        "{expected} được tạo bằng '{command}'",
        "A form tdcli made of another kind: a self-assessment given as a report, or the reverse.",
        params=("found", "checked_by", "expected", "command"),
    ),
    IssueType(
        "missing-form-sheet",
        _E,
        "Tệp thiếu trang tính '{sheet}', nơi nhập số liệu (trang bị xóa hoặc đổi tên), nên "
        "không đọc được số liệu nào; dùng lại biểu mẫu tạo bằng '{command}', không xóa hay "
        "đổi tên trang tính nào",
        "The form's input sheet is gone (deleted, or renamed without its cells' names).",
        params=("sheet", "command"),
    ),
    IssueType(
        "missing-form-cell",
        _E,
        "Biểu mẫu thiếu ô nhập '{name}' (dòng bị xóa hoặc tên ô bị đổi); dùng lại biểu mẫu gốc",
        "A named input cell is gone from the form.",
        params=("name",),
    ),
    IssueType(
        "missing-form-cells-more",
        _E,
        "Biểu mẫu còn thiếu ô nhập của {count} mục khác (dòng bị xóa hoặc tên ô bị đổi); "
        "dùng lại biểu mẫu gốc",
        "More input cells gone than are named one by one: the rest, counted in one issue.",
        params=("count",),
    ),
    IssueType(
        "formula-without-value",
        _E,
        "Ô có công thức {value} nhưng chưa có giá trị tính sẵn (tệp được lưu bởi chương trình "
        "không tính công thức); mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi",
        "A formula whose cached value is absent.",
    ),
    IssueType("cell-error", _E, "Ô có lỗi công thức {value}", "A cell showing #REF!, #VALUE!, ..."),
    IssueType(
        "yaml-syntax",
        _E,
        "Sai cú pháp YAML: {detail}",
        "The YAML cannot be parsed.",
        params=("detail",),
    ),
    IssueType(
        "yaml-too-complex",
        _E,
        "Tệp YAML quá phức tạp (quá nhiều nút hoặc bí danh lồng nhau)",
        "Too many nodes, e.g. an alias bomb.",
    ),
    IssueType(
        "duplicate-key",
        _E,
        "Khóa '{key}' bị lặp lại (đã có ở dòng {first_line})",
        "A key appears twice in one mapping.",
        params=("key", "first_line"),
    ),
    IssueType(
        "unknown-key",
        _E,
        "Khóa '{key}' không được hỗ trợ{suggestion}",
        "A key the models do not know.",
        params=("key", "suggestion"),
    ),
    IssueType(
        "missing-field",
        _E,
        "Thiếu mục bắt buộc '{key}'",
        "A required key is absent.",
        params=("key",),
    ),
    IssueType(
        "wrong-type",
        _E,
        "Giá trị không đúng kiểu: {detail}",
        "E.g. a list where a mapping is due.",
        params=("detail",),
    ),
    IssueType(
        "invalid-value",
        _E,
        "Giá trị không hợp lệ: {detail}",
        "A value the models reject.",
        params=("detail",),
    ),
    # Numbers
    IssueType(
        "not-a-number",
        _E,
        "'{value}' không phải là số; {hint}",
        "Text where a number is expected; the message says how the field's numbers are written.",
        params=("hint",),
    ),
    IssueType(
        "wrong-unit",
        _E,
        "'{value}': chỉ tiêu này tính bằng {unit}; {advice}",
        "A number followed by another field's unit word (`12 lớp` where inspections are "
        "counted in cuộc, `5 người` for money).",
        params=("unit", "advice"),
    ),
    IssueType(
        "ambiguous-number",
        _E,
        "'{value}' không rõ nghĩa: theo cách viết Việt Nam dấu phẩy là dấu thập phân; "
        "ghi 1.000 cho một nghìn",
        "`1,000` could be one or a thousand.",
    ),
    IssueType(
        "negative-number",
        _E,
        "Số không được âm ({value}); {hint}",
        "A count or amount below zero.",
        params=("hint",),
    ),
    IssueType(
        "not-whole-number",
        _E,
        "{value} không phải số nguyên ({unit}); {hint}",
        "A fraction where a whole number is expected.",
        params=("unit", "hint"),
    ),
    IssueType("number-too-large", _E, "Số {value} quá lớn, vượt giới hạn hợp lý", "Beyond 10^18."),
    # Rules across fields
    IssueType(
        "sum-mismatch",
        _E,
        "{total_label} ({total}) phải bằng tổng {parts_label} ({parts_sum})",
        "A total does not equal the sum of its parts.",
        params=("total_label", "total", "parts_label", "parts_sum"),
    ),
    IssueType(
        "exceeds-limit",
        _E,
        "{name} ({value}) không được lớn hơn {limit_name} ({limit})",
        "A part larger than its whole.",
        params=("name", "limit_name", "limit"),
    ),
    IssueType(
        "implausible-ratio",
        _W,
        "{name} ({value}) lớn hơn {limit_name} ({limit}); kiểm tra lại số liệu",
        "Possible but unlikely, e.g. more sessions than participants.",
        params=("name", "limit_name", "limit"),
    ),
    IssueType(
        "implausible-value",
        _W,
        "{name} ({value}) lớn bất thường (trên {limit}); kiểm tra lại số liệu",
        "Possible but unlikely, e.g. fines above 100 tỷ đồng in one period.",
        params=("name", "limit"),
    ),
    # Who prepared the report (the form's last section): never blocks the figures
    IssueType(
        "sender-phone-invalid",
        _W,
        "Số điện thoại người lập biểu '{value}' không đúng dạng; ghi 10 hoặc 11 chữ số, ví dụ "
        "0912 345 678 hoặc 0209 3870 123",
        "The preparer's phone number has too few or too many digits, or letters.",
    ),
    IssueType(
        "sender-email-invalid",
        _W,
        "Thư điện tử người lập biểu '{value}' không đúng dạng; ghi như ten@donvi.gov.vn",
        "The preparer's e-mail address is not one.",
    ),
    IssueType(
        "sender-date-invalid",
        _W,
        "Ngày gửi '{value}' không phải ngày; ghi ngày/tháng/năm, ví dụ 08/6/2022",
        "The date of sending cannot be read as a date.",
    ),
    IssueType(
        "sender-date-outside-period",
        _W,
        "Ngày gửi {value} trước khi kỳ {period} bắt đầu; kiểm tra lại ngày, tháng, năm",
        "The date of sending falls before the period it reports on began.",
        params=("period",),
    ),
    # Submission against the workspace
    IssueType(
        "invalid-period", _E, "{detail}", "The period is not one tdcli knows.", params=("detail",)
    ),
    IssueType(
        "period-mismatch",
        _E,
        "Kỳ báo cáo trong tệp ({value}) khác với thư mục chứa tệp ({expected})",
        "The period in the file is not the period of its folder.",
        params=("expected",),
    ),
    IssueType(
        "member-mismatch",
        _E,
        "Mã thành viên trong tệp ({value}) khác với tên tệp ({expected}); trong submissions/ "
        "tệp mang tên mã thành viên: đổi tên tệp, hoặc để 'tdcli collect' xếp tệp đúng chỗ",
        "The member in the file is not the member its file name says.",
        params=("expected",),
    ),
    IssueType(
        "unknown-member",
        _E,
        "'{value}' không phải thành viên của {cluster} năm {year}{suggestion}",
        "The member is not in that year's member list.",
        params=("cluster", "year", "suggestion"),
    ),
    IssueType(
        "year-not-configured-files",
        _E,
        "cluster.yaml chưa khai báo năm {year} (mục years) nên chưa kiểm tra được {count} tệp "
        "báo cáo của năm đó; thêm năm {year} (thành viên, cụm trưởng) vào cluster.yaml",
        "Submissions of a year cluster.yaml does not list: said once for all of them.",
        params=("year", "count"),
    ),
    IssueType(
        "checked-without-cluster",
        _W,
        "cluster.yaml có lỗi nên {count} tệp báo cáo mới được kiểm tra từng tệp (số liệu, kỳ "
        "báo cáo theo thư mục, thành viên theo tên tệp), chưa đối chiếu với danh sách thành "
        "viên từng năm (thành viên lạ, trùng báo cáo); sửa cluster.yaml rồi kiểm tra lại",
        "cluster.yaml has errors: the submissions were checked each on its own.",
        params=("count",),
    ),
    IssueType(
        "year-not-configured",
        _E,
        "cluster.yaml chưa khai báo năm {year} (mục years)",
        "The workspace has no member list for the period's year.",
        params=("year",),
    ),
    IssueType(
        "missing-submission",
        _W,
        "{department} chưa gửi báo cáo {period}",
        "A member of the year has no submission for the period (an error with --strict).",
        params=("department", "period"),
    ),
    IssueType(
        "no-submissions",
        _E,
        "Chưa có báo cáo nào của các thành viên cho kỳ {period} (thư mục {folder}); {available}",
        "Nothing to compile: no submission for the period; the periods that have some are named.",
        params=("period", "folder", "available"),
    ),
    IssueType(
        "no-files",
        _W,
        "Không có tệp báo cáo (.yaml, .xlsx) nào trong thư mục này",
        "A folder given to validate holds no submission.",
    ),
    IssueType(
        "previous-invalid",
        _W,
        "Báo cáo cùng kỳ năm trước không hợp lệ, không dùng để so sánh ({detail})",
        "A submission of a year earlier has errors; comparisons leave it out.",
        params=("detail",),
    ),
    IssueType(
        "duplicate-submission",
        _E,
        "Thành viên '{member}' có nhiều hơn một báo cáo cho kỳ {period}: {files}",
        "Two files for one member and period.",
        params=("member", "period", "files"),
    ),
    # Workspace
    IssueType(
        "unknown-province",
        _E,
        "Không có tỉnh, thành phố '{value}' trong năm {year}{suggestion}",
        "A province name that matches no unit of that year.",
        params=("year", "suggestion"),
    ),
    IssueType(
        "merged-province",
        _E,
        "'{value}' không còn là đơn vị hành chính cấp tỉnh trong năm {year}: {old} nay thuộc "
        "{new} (từ {since}); ghi '{new_name}' cho thành viên này",
        "An old province's name for a year after it was merged (2025): says what it is part of.",
        params=("year", "old", "new", "since", "new_name"),
    ),
    IssueType(
        "duplicate-member",
        _E,
        "Mã thành viên '{value}' bị khai báo hai lần trong năm {year}",
        "One member id twice in a year.",
        params=("year",),
    ),
    IssueType(
        "duplicate-province",
        _E,
        "Tỉnh '{value}' có hai thành viên trong năm {year}",
        "Two members for one province in a year.",
        params=("year",),
    ),
    IssueType(
        "unknown-role-member",
        _E,
        "{role} '{value}' không có trong danh sách thành viên năm {year}",
        "Chair or vice chair not among the members.",
        params=("role", "year"),
    ),
    IssueType(
        "signing-outside-year",
        _W,
        "Giao ước thi đua năm {year} ghi ký ngày {value}, không thuộc năm đó hay cuối năm trước; "
        "kiểm tra lại năm của ngày ký (mục signing)",
        "The pledge's signing date lies outside its year and the year before.",
        params=("year",),
    ),
    IssueType(
        "deadline-outside-period",
        _W,
        "Hạn gửi báo cáo {period} ({value}) nằm ngoài kỳ đó và năm sau nó; kiểm tra lại năm "
        "của ngày hạn trong mục years: {year}",
        "A period's deadline in cluster.yaml falls before the period begins or over a year after.",
        params=("period", "year"),
    ),
    IssueType(
        "same-chair-and-vice",
        _E,
        "Cụm trưởng và cụm phó năm {year} không được là cùng một thành viên",
        "Chair and vice chair are the same member.",
        params=("year",),
    ),
    IssueType(
        "missing-director",
        _W,
        "Chưa có tên giám đốc của {member} năm {year}",
        "A member without a director's name.",
        params=("member", "year"),
    ),
    # Every file of a period accounted for
    IssueType(
        "stray-file",
        _W,
        "Tệp '{name}' không phải báo cáo hay bản tự chấm của thành viên nào; tdcli không đọc "
        "tệp này (tệp của thành viên đặt tên theo mã thành viên, ví dụ bac-kan.xlsx)",
        "A file in a period folder or in self/ that is neither a submission nor named after a "
        "member.",
        params=("name",),
    ),
    IssueType(
        "period-folder-alias",
        _W,
        "Kỳ {period} có nhiều thư mục ({folders}); tdcli đọc cả hai, nên gộp về một thư mục "
        "{canonical}",
        "Two folders hold one period (`2021` and `2021-FY`, `2022-H1` and `2022-h1`).",
        params=("period", "folders", "canonical"),
    ),
    IssueType(
        "outside-period-folder",
        _W,
        "'{name}' nằm ngoài các thư mục kỳ báo cáo (như submissions/2022-H1/); tdcli không đọc",
        "Something in submissions/ outside any period folder.",
        params=("name",),
    ),
    IssueType(
        "empty-submission",
        _E,
        "Báo cáo trống: không có số liệu hay nội dung nào; điền biểu mẫu rồi gửi lại",
        "A submission with no value at all.",
    ),
    IssueType(
        "implausible-change",
        _W,
        "{name} ({value}) gấp {times} lần {period} ({previous}); kiểm tra lại số liệu (một ngày "
        "tháng gõ vào ô số cũng cho kết quả như vậy)",
        "A value many times the same member's value a year earlier.",
        params=("name", "times", "period", "previous"),
    ),
    IssueType(
        "not-a-word-document",
        _E,
        "Không phải tệp Word .docx ({detail}); mở bằng Word hoặc LibreOffice Writer rồi lưu lại "
        "dạng Word (.docx)",
        "A template that is not a .docx: an old .doc, an .odt, RTF, a damaged archive.",
        params=("detail",),
    ),
    IssueType(
        "date-other-era",
        _W,
        "Văn bản ghi ngày {day} (mặc định: hôm nay) nhưng nói về {what}; theo cluster.yaml, ngày "
        "{day} khác ngày {reference} ở {changes}; ghi --date (ví dụ --date {suggested}) để văn "
        "bản mang tên cơ quan và căn cứ của thời điểm đó",
        "A document dated today by default falls in another institutional era than its period.",
        params=("day", "what", "changes", "reference", "suggested"),
    ),
    IssueType(
        "dated-before-meeting",
        _W,
        "Văn bản ghi ngày {day}, trước Hội nghị tổng kết ngày {meeting} mà nó thuật lại (theo "
        "meeting.yaml); kiểm tra --date hoặc ngày của hội nghị",
        "Minutes or a proposal dated before the meeting they tell of.",
        params=("day", "meeting"),
    ),
    # The year-end assessment
    IssueType(
        "no-scheme",
        _E,
        "Chưa có thang điểm thi đua năm {year}: tạo tệp assessment/{year}/scheme.yaml "
        "theo văn bản hướng dẫn chấm điểm của Bộ",
        "The year has no scoring scheme.",
        params=("year",),
    ),
    IssueType(
        "scheme-scale-mismatch",
        _E,
        "Tổng điểm tối đa của các tiêu chí ({total}) khác thang điểm {scale}",
        "The criteria's maxima do not add up to the scheme's scale.",
        params=("total", "scale"),
    ),
    IssueType(
        "duplicate-id",
        _E,
        "Mã '{value}' bị dùng hai lần trong {what}",
        "A group, criterion or award id used twice in a scheme.",
        params=("what",),
    ),
    IssueType(
        "unknown-band",
        _E,
        "Mức xếp loại '{value}' không có trong mục bands của thang điểm{suggestion}",
        "An award's min_band that is not one of the scheme's bands.",
        params=("suggestion",),
    ),
    IssueType(
        "unknown-tie-break",
        _E,
        "Tiêu chí phụ '{value}' không phải mã nhóm tiêu chí, bonus, penalty hay votes{suggestion}",
        "A tie-break that names nothing the ranking can compare.",
        params=("suggestion",),
    ),
    IssueType(
        "unknown-award",
        _E,
        "Danh hiệu '{value}' không có trong thang điểm năm {year}{suggestion}",
        "An award id the year's scheme does not have.",
        params=("year", "suggestion"),
    ),
    IssueType(
        "unknown-criterion",
        _E,
        "Tiêu chí '{value}' không có trong thang điểm năm {year}{suggestion}",
        "A criterion id the year's scheme does not have.",
        params=("year", "suggestion"),
    ),
    IssueType(
        "criterion-not-scored",
        _E,
        "Chưa chấm tiêu chí {name} (tối đa {max} điểm)",
        "A criterion of the scheme without points in a self-assessment.",
        params=("name", "max"),
    ),
    IssueType(
        "score-above-max",
        _E,
        "{name}: {value} điểm vượt điểm tối đa của tiêu chí ({max} điểm)",
        "Points above the criterion's maximum.",
        params=("name", "max"),
    ),
    IssueType(
        "bonus-above-max",
        _E,
        "Tổng điểm thưởng tự chấm ({value}) vượt mức tối đa {max} điểm",
        "The bonus criteria add up to more than the bonus maximum.",
        params=("max",),
    ),
    IssueType(
        "missing-evidence",
        _E,
        "{name}: có {value} điểm nhưng chưa ghi căn cứ (note), như số, ngày của quyết định "
        "hay văn bản",
        "A bonus or penalty without its evidence.",
        params=("name",),
    ),
    IssueType(
        "assessment-missing",
        _E,
        "{department} chưa có bản tự chấm điểm năm {year} (tệp {folder}/<mã thành viên>.yaml "
        "hoặc .xlsx)",
        "A member of the year has no self-assessment.",
        params=("department", "year", "folder"),
    ),
    IssueType(
        "assessment-not-checked",
        _W,
        "cluster.yaml có lỗi nên chưa kiểm tra được các tệp chấm điểm cuối năm {year}; sửa "
        "cluster.yaml rồi chạy lại lệnh này hoặc 'tdcli assess rank --year {year}'",
        "The year-end assessment's files given to validate while cluster.yaml has errors.",
        params=("year",),
    ),
    IssueType(
        "duplicate-assessment",
        _E,
        "{member} có nhiều hơn một bản tự chấm điểm năm {year}: {files}; giữ một tệp",
        "Two self-assessments for one member (a .yaml and an .xlsx).",
        params=("member", "year", "files"),
    ),
    IssueType(
        "assessment-mismatch",
        _E,
        "{what} trong tệp ({value}) khác với {expected}; bản tự chấm điểm năm {year} đặt ở "
        "assessment/{year}/self/<mã thành viên>.yaml hoặc .xlsx",
        "A self-assessment for another member or year than its place says.",
        params=("what", "expected", "year"),
    ),
    IssueType(
        "adjustment-without-reason",
        _E,
        "Điều chỉnh điểm tiêu chí {name} của {member} chưa ghi lý do (reason); mọi thay đổi "
        "điểm tự chấm phải có lý do",
        "A review adjustment without its reason.",
        params=("name", "member"),
    ),
    IssueType(
        "duplicate-adjustment",
        _E,
        "Tiêu chí {criterion} của {member} đã được điều chỉnh ở dòng {first_line}; mỗi tiêu chí "
        "của một đơn vị chỉ điều chỉnh một lần",
        "Two review adjustments of one member's criterion.",
        params=("criterion", "member", "first_line"),
    ),
    IssueType(
        "valid-above-cast",
        _E,
        "Số phiếu hợp lệ ({value}) nhiều hơn số phiếu thu vào ({cast})",
        "More valid ballots than ballots cast.",
        params=("cast",),
    ),
    IssueType(
        "votes-above-valid",
        _E,
        "{name} được {value} phiếu, nhiều hơn số phiếu hợp lệ ({valid})",
        "A candidate with more votes than valid ballots.",
        params=("name", "valid"),
    ),
    IssueType(
        "votes-above-ballots",
        _E,
        "Tổng số phiếu bầu ({value}) vượt số phiếu hợp lệ nhân số lượng được bầu ({limit})",
        "More votes in all than the valid ballots could hold.",
        params=("limit",),
    ),
    IssueType(
        "cast-above-present",
        _E,
        "Số phiếu thu vào ({value}) nhiều hơn số thành viên có mặt được bỏ phiếu ({present}); "
        "thành viên vắng mặt không bỏ phiếu",
        "More ballots cast than members present: an absent member counted as voting.",
        params=("present",),
    ),
    IssueType(
        "vote-for-ineligible",
        _E,
        "'{value}' không có trong phiếu bầu {award} vòng {round} (không đủ điều kiện, đã xin "
        "rút hoặc đã được đề nghị danh hiệu trước)",
        "Votes for a member who was not on the round's ballot.",
        params=("award", "round"),
    ),
    IssueType(
        "round-needed",
        _W,
        "{award}: chưa chọn đủ số lượng; cần bỏ phiếu vòng {round} giữa {candidates}",
        "Seats left and rounds left: the meeting needs another round.",
        params=("award", "round", "candidates"),
    ),
    IssueType(
        "round-not-needed",
        _E,
        "{award}: vòng {round} không được tính (đã chọn đủ số lượng, hoặc vượt số vòng thang "
        "điểm cho phép)",
        "A round recorded after the seats were filled or beyond the rounds allowed.",
        params=("award", "round"),
    ),
    IssueType(
        "chairs-decision-needed",
        _W,
        "{award}: sau {rounds} vòng bỏ phiếu chưa chọn đủ; Cụm trưởng và Cụm phó quyết định "
        "(ghi decided_by_chairs) trong số: {candidates}",
        "The rounds ran out with seats left: the chair and vice chair decide.",
        params=("award", "rounds", "candidates"),
    ),
    IssueType(
        "invalid-chairs-decision",
        _E,
        "{award}: quyết định của Cụm trưởng, Cụm phó không hợp lệ ({detail})",
        "decided_by_chairs when not needed, naming someone off the last ballot, or too many.",
        params=("award", "detail"),
    ),
    IssueType(
        "missing-attendance",
        _W,
        "Biên bản chưa ghi {department} có mặt hay vắng mặt; tdcli coi là vắng mặt",
        "A member of the year missing from the meeting's attendance.",
        params=("department",),
    ),
    IssueType(
        "yaml-too-deep",
        _E,
        "Tệp YAML lồng nhau quá sâu (quá {limit} cấp); một báo cáo chỉ cần vài cấp thụt lề, "
        "kiểm tra lại các dấu ngoặc mở và cách thụt lề",
        "Mappings and lists nested deeper than any tdcli file needs.",
        params=("limit",),
    ),
    # Self-assessment form
    IssueType(
        "scheme-mismatch",
        _E,
        "Phiếu tự chấm này làm theo hướng dẫn chấm điểm '{value}', không phải hướng dẫn "
        "'{expected}' của năm; tạo phiếu mới bằng 'tdcli assess form', chấm lại rồi gửi",
        "A self-assessment form made for another year's scoring scheme (or not one at all).",
        params=("expected",),
    ),
)


def issue_code_table() -> str:
    """The catalogue as a Markdown table (the README's list of codes is this, verbatim)."""
    rows = ["| Code | Severity | Meaning |", "|---|---|---|"]
    rows += [
        f"| `{item.code}` | {item.severity.value} | {item.description} |"
        for item in CATALOGUE.values()
    ]
    return "\n".join(rows) + "\n"


class Location(BaseModel):
    """Where an issue is: a line of a YAML file or a cell of a workbook."""

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.sheet}!{self.cell}" if self.sheet else self.cell
        return "" if self.line is None else str(self.line)


class Issue(BaseModel):
    """One problem, with its stable code and where it is."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    file: str
    location: Location = Field(default_factory=Location)
    field: str | None = None
    label: str | None = None
    value: str | None = None
    message: str

    @property
    def where(self) -> str:
        """`bac-kan.yaml:12 fines.amount_vnd` or `Biểu mẫu!C7 — label`."""
        name = Path(self.file).name
        place = str(self.location)
        if self.location.cell is not None:
            head = f"{name} {place}"
            return f"{head} — {self.label}" if self.label else head
        head = f"{name}:{place}" if place else name
        return f"{head} {self.field}" if self.field else head


def make_issue(
    code: str,
    *,
    file: str | Path,
    severity: Severity | None = None,
    location: Location | None = None,
    field: str | None = None,
    label: str | None = None,
    value: Any = None,
    **params: Any,
) -> Issue:
    """Build an issue from the catalogue; `params` fill the message template.

    `severity` overrides the catalogue's where a command makes a warning an error (--strict).
    A declared parameter left out (or given as None) reads as empty text, so a message is
    always built; one the code does not declare is a programming error (`TypeError`), as is
    an unknown code (`KeyError`).
    """
    kind = CATALOGUE.get(code)
    if kind is None:
        raise KeyError(f"no issue code {code!r} in the catalogue")
    undeclared = sorted(set(params) - set(kind.params))
    if undeclared:
        declared = ", ".join(kind.params) or "none"
        raise TypeError(
            f"issue {code!r} takes no parameter {', '.join(undeclared)} (declared: {declared})"
        )
    shown = None if value is None else _show(value)
    filled = {name: "" if params.get(name) is None else params[name] for name in kind.params}
    message = kind.template.format(value=shown if shown is not None else "", **filled)
    return Issue(
        code=code,
        severity=severity or kind.severity,
        file=str(file),
        location=location or Location(),
        field=field,
        label=label,
        value=shown,
        message=message,
    )


def _show(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class ValidationReport(BaseModel):
    """Every issue found in a run, and the files that were read."""

    files: list[str] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def invalid_files(self) -> set[str]:
        return {issue.file for issue in self.errors}

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "files": self.files,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "issues": [issue.model_dump(mode="json") for issue in self.issues],
        }
