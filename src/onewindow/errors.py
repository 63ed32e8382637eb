"""User-facing failures of the environment or configuration (not of catalog content).

Catalog content problems are Problems; these are for things like a missing `dot` binary,
a missing font or a build already running. The CLI prints them without a traceback.
"""

from __future__ import annotations


class OnewindowError(Exception):
    category = "错误"

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
    category = "用法错误"


class NoticeRequestError(UsageError):
    """The clerk named materials the item does not have: a usage error (exit code 2)."""

    exit_code = 2
