"""A district's site configuration: its mkdocs.yml merged over onewindow's packaged defaults.

A district keeps only what is its own in mkdocs.yml (name, address, contacts, optional theme
overrides in `theme.custom_dir`); everything onewindow's pages need comes from the package.
Relative paths in the district's file (custom_dir, !relative) stay relative to that file.
"""

from __future__ import annotations

import io
import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from onewindow.errors import ConfigError
from onewindow.resources import DEFAULT_MKDOCS_YML, THEME_DIR

CONFIG_NAME = "mkdocs.yml"
# Lists a district extends rather than replaces: onewindow's stylesheet must stay.
APPENDED_LISTS = ("extra_css", "extra_javascript")
_EXAMPLE_FILE = {"extra_css": "stylesheets/extra.css", "extra_javascript": "javascripts/extra.js"}
PLACEHOLDER_DOMAINS = ("example", "localhost", "localdomain", "invalid", "test", "local")


def find_config(catalog_dir: Path) -> Path:
    """The mkdocs.yml beside the catalog folder (a district repository's root), else the defaults."""
    candidate = catalog_dir.absolute().parent / CONFIG_NAME
    return candidate if candidate.is_file() else DEFAULT_MKDOCS_YML


def _yaml(path: Path) -> dict[str, Any]:
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as fd:
            data = yaml_load(fd)
    except (OSError, ConfigurationError) as exc:
        raise ConfigError(f"无法读取站点配置 {path}：{exc}", "检查 mkdocs.yml 的 YAML 语法") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"站点配置 {path} 的顶层必须是键值对", "参照 onewindow init 生成的 mkdocs.yml")
    return data


def _listed(value: Any, key: str, config_file: Path) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):  # a bare string would be appended letter by letter
        raise ConfigError(f"站点配置 {config_file} 中的 {key} 必须是列表",
                          f"每个文件写一行，例如：{key}:\n  - {_EXAMPLE_FILE.get(key, 'extra.css')}")
    return value


def merged_settings(config_file: Path) -> dict[str, Any]:
    """Package defaults with the district's settings merged over them (MkDocs INHERIT rules)."""
    import mergedeep

    defaults = _yaml(DEFAULT_MKDOCS_YML)
    if config_file.resolve() == DEFAULT_MKDOCS_YML.resolve():
        return defaults
    own = _yaml(config_file)
    extended = {}
    for key in APPENDED_LISTS:
        if key in own:
            base = list(defaults.get(key) or [])
            extended[key] = base + [entry for entry in _listed(own.pop(key), key, config_file) if entry not in base]
    return {**mergedeep.merge(defaults, own), **extended}


def load_mkdocs_config(config_file: Path, **overrides: Any) -> Any:
    """MkDocs' validated configuration, with onewindow's theme folder under the district's."""
    from mkdocs.config import load_config

    settings = {**merged_settings(config_file), **overrides}
    empty = io.BytesIO(b"{}")
    empty.name = str(config_file)  # where MkDocs resolves relative paths from
    cfg = load_config(config_file=empty, config_file_path=str(config_file), **settings)
    dirs = cfg.theme.dirs
    dirs.insert(1 if cfg.theme.custom_dir else 0, str(THEME_DIR))
    return cfg


def placeholder_host(url: str) -> str | None:
    """The host of `url` when it cannot be where citizens reach the site (so QR codes would lie)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return url
    try:
        ipaddress.ip_address(host)
        return host  # an address changes with the hosting; printed codes must outlive it
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) == 1 or any(label in PLACEHOLDER_DOMAINS for label in (labels[0], labels[-1])):
        return host
    if "example" in labels:  # example.com, zwfw.example.gov.cn, example.org.cn
        return host
    return None


def placeholder_warning(url: str) -> str | None:
    """Chinese warning for a placeholder site_url, or None for a real address."""
    host = placeholder_host(url)
    if host is None:
        return None
    return (f"警告：site_url（{url}）是占位地址（{host}），印在纸上的二维码会指向不存在的网站。"
            "请在 mkdocs.yml 中把 site_url 改成正式发布地址，或用 --site-url 指定；"
            "build --strict 会拒绝使用占位地址。")
