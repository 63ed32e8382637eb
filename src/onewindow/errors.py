"""User-facing failures of the environment or configuration (not of catalog content).

Catalog content problems are Problems; these are for things like a missing `dot` binary,
a missing font or a build already running. The CLI prints them without a traceback.
"""

from __future__ import annotations

import errno
import os
import unicodedata


class OnewindowError(Exception):
    category = "错误"
    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        hint = f"\n提示：{self.hint}" if self.hint else ""
        return f"{self.category}：{self.message}{hint}"


class ConfigError(OnewindowError):
    category = "配置错误"


class MissingToolError(OnewindowError):
    category = "缺少系统软件"


class BuildLockedError(OnewindowError):
    category = "构建被占用"


class CatalogInvalidError(OnewindowError):
    category = "目录检查未通过"


class UsageError(OnewindowError):
    """A wrong option or argument: exit code 2, like click's own usage errors."""

    category = "用法错误"
    exit_code = 2


class NoticeRequestError(UsageError):
    """The clerk named materials the item does not have: a usage error (exit code 2)."""


class FileAccessError(OnewindowError):
    """A file or folder the user named cannot be read or written (permissions, full disk…)."""

    category = "文件读写错误"
    exit_code = 2


_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在（可能是失效的链接）",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在的文件系统是只读的",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分是文件，不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.ELOOP: "链接形成了循环",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "已经存在",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EBUSY: "正被占用",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EIO: "输入输出错误（磁盘可能损坏）",
    errno.EFBIG: "文件过大",
}


def os_reason(exc: OSError, wording: dict[int, str] | None = None) -> str:
    """An OSError in Chinese: strerror is English and depends on the C library. `wording`
    replaces the general text for some errors where the caller knows more (a file being read)."""
    code = exc.errno or 0
    return (wording or {}).get(code) or _OS_REASONS.get(code, f"系统错误（错误号 {exc.errno}）")


def file_access_error(exc: OSError) -> FileAccessError:
    """The Chinese form of an OSError, naming the file it happened to."""
    where = exc.filename if exc.filename is not None else ""
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    where = printable(str(where))
    return FileAccessError(f"无法读写“{where}”：{os_reason(exc)}" if where else f"文件读写失败：{os_reason(exc)}",
                           "检查路径是否正确、是否有写入权限和足够的磁盘空间")


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control and line-breaking characters (which
    could move the cursor, retitle the window or fake a second message) become visible escapes.
    Spaces stay as they are: the ideographic space (U+3000) is ordinary Chinese typography."""
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
