"""Hostile text planted in every free-text field of tests/roots/hostile (see test_hostile.py).

Each string tries to break out of one output: HTML elements and attributes, javascript: links,
Markdown structure, Jinja2 templates, Graphviz DOT labels, SVG/XML, ReportLab paragraph
markup, and the JSON-LD <script> block.
"""

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[点我](javascript:alert(3))",
    '" onmouseover="alert(4)',
    "' onfocus='alert(5)' autofocus='",
    "<svg onload=alert(6)>",
    '<a href="javascript:alert(7)">链接</a>',
    "<iframe src=javascript:alert(8)></iframe>",
    "<details open ontoggle=alert(9)>",
    "![图](x\" onerror=\"alert(10))",
    "<style>body{display:none}</style>",
    "</script><script>alert(11)</script>",
    "]]><script>alert(12)</script>",
    "javascript:alert(13)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# 注释 #}",
    "${7*7}",
    '"]; evil -> node; [label="',
    "<font size=80>大字</font>",
    "<b>粗体</b><br/><para>",
    "<!-- 注释开始",
    "`反引号` ```",
    "| 竖线 | 断表 |",
    "*星号* __下划线__",
    "&lt;script&gt;alert(14)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(15)\\u003c/script\\u003e",
    "<<尖括号>>",
    "\u202e反向文字",
    "\\反斜杠\\n不是换行",
)
