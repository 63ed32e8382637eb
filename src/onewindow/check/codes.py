"""The registry of problem codes: one place for each code's severity and meaning.

Rules yield only a code; severity, title and documentation come from here, so the
editor's guide and the checker cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from onewindow.check.problems import Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    why: str


_CODES = [
    # Loading (OW0xx)
    Code("OW001", E, "YAML 语法错误", "文件无法按 YAML 解析，通常是缩进、冒号或引号的问题。"),
    Code("OW002", E, "字段重复", "同一层级写了两次同名字段，后一个会悄悄覆盖前一个。"),
    Code("OW003", E, "文件编码不是 UTF-8", "GBK/GB18030 编码的文件在其他电脑和网站上会变成乱码；含有控制字符的文件不是正常的文本。"),
    Code("OW004", E, "空文件", "文件没有任何记录内容。"),
    Code("OW005", E, "文件结构不对", "文件顶层必须是“字段: 值”的映射；文件无法读取，或 .yml 名字的是文件夹，也报这个错。"),
    Code("OW006", E, "文件过大", "记录文件超过大小上限；附件应放在 assets/ 目录。"),
    Code("OW007", E, "嵌套过深或别名膨胀", "锚点/别名反复展开或层级过深，可能是恶意构造的文件。"),
    Code("OW008", E, "使用了制表符缩进", "YAML 只允许空格缩进。"),
    Code("OW009", W, "文件位置不符合约定", "不在约定目录中的 YAML 文件不会被读取。"),
    Code("OW011", E, "不支持的 YAML 标签或合并键", "只允许普通的值，避免不同工具解读不一致。"),
    Code("OW012", E, "字段名不是文字", "字段名必须是简单文字。"),
    Code("OW013", E, "使用了全角冒号", "中文输入法下容易把字段后的冒号写成全角“：”，YAML 只认半角冒号“:”加空格，否则整行会被当成文字。"),
    # Schema (OW1xx)
    Code("OW101", E, "未知字段", "字段名拼写错误会让内容被悄悄忽略，所以一律报错。"),
    Code("OW102", E, "缺少必填字段", "标准化办事指南要求的要素缺失。"),
    Code("OW103", E, "值的类型不对", "例如次数写成了文字、是否写成了 yes/no。"),
    Code("OW104", E, "取值不在允许范围内", "事项类型、材料形式等必须使用规定的取值。"),
    Code("OW105", E, "格式不正确", "编码、日期、电话、标识等必须符合规定格式。"),
    Code("OW106", E, "不符合填写要求", "数量、长度、范围等不符合要求。"),
    Code("OW107", E, "材料名称写法不对", "每份材料必须写 name 或 ref 其中之一。"),
    # Consistency across the catalog (OW2xx)
    Code("OW201", E, "兜底材料", "“法律法规规定的其他材料”“××等材料”“相关证明”等表述让群众无法知道要带什么，必须逐项写明材料名称（消除兜底条款）。"),
    Code("OW202", E, "兜底条件", "“法律法规规定的其他条件”等表述不能作为受理条件，必须逐条写明。"),
    Code("OW203", E, "缺少法律依据或引用未登记的法律", "没有法律依据的条件和材料一律取消；引用的法律必须在 laws.yml 中登记。"),
    Code("OW204", E, "事项编码重复", "事项编码必须唯一，二维码和网址都依赖它。"),
    Code("OW205", E, "标识重复", "材料、情形、部门、一件事等的标识必须唯一。"),
    Code("OW206", E, "引用无法解析", "引用的部门、窗口类别、通用材料、办理情形或成员事项不存在，前置事项不是本一件事的成员，或缺少 laws.yml、materials.yml、windows.yml 登记册。"),
    Code("OW207", E, "承诺时限超过法定时限", "承诺办结时限不得超过法定办结时限。"),
    Code("OW208", E, "前置关系成环", "一件事中的前置事项形成循环，无法办理。"),
    Code("OW209", E, "条件性材料未写明情形", "特定情形下才需要的材料必须写明是什么情形。"),
    Code("OW210", E, "容缺材料未写补正期限", "容缺受理的材料必须写明补正期限。"),
    Code("OW211", E, "要求申请人提交可共享获取的材料", "能通过数据共享获取的材料不得要求申请人重复提交。"),
    Code("OW212", E, "需到现场但未说明原因", "到现场次数大于 0 时必须说明必须现场办理的原因。"),
    Code("OW213", E, "收费信息不完整", "收费事项必须逐项写明收费标准和依据；不收费的事项不应列收费项目。"),
    Code("OW214", E, "咨询或投诉电话不规范", "咨询电话和投诉电话都要带区号，且二者不能相同。"),
    Code("OW215", E, "行政许可流程不完整", "行政许可事项的流程须包含受理、审查、决定、送达环节。"),
    Code("OW216", E, "行政许可缺少常见问题", "行政许可事项至少要有一条常见问题解答。"),
    Code("OW217", E, "审批结果未写明证照名称", "出证办结的结果必须写明证照的准确名称。"),
    Code("OW218", E, "文件名与编码或标识不一致", "文件名必须等于事项编码或记录标识，便于查找和审阅。"),
    Code("OW219", E, "办理时限不完整", "承诺件必须写明法定和承诺办结时限；即办件不写天数。"),
    Code("OW220", E, "附件路径无效", "示例图片、空白表格等附件必须是 catalog/ 目录内存在的文件。"),
    Code("OW221", W, "零跑事项缺少网办或邮寄渠道", "到现场次数为 0 时，应支持网上办理或邮寄申请。"),
    Code("OW222", W, "全程网办与到现场次数矛盾", "网上办理深度为Ⅳ级（全程网办）时，到现场次数应为 0。"),
    Code("OW223", W, "环节时限之和超过承诺时限", "计入时限的各环节天数之和不应超过承诺办结时限。"),
    Code("OW224", W, "到现场次数与流程不一致", "流程中需要申请人到场的环节数多于到现场次数。"),
    Code("OW225", E, "占位内容未填写", "onewindow new 生成的骨架用“待填写：…”标出必须填写的内容，全部替换为实际内容后才能发布。"),
    # Across layers: base catalog (基本目录) and local implementation lists (实施清单) (OW3xx)
    Code("OW301", E, "实施的事项不在基本目录中", "实施清单只能实施基本目录中已有的事项，编码必须一致（五级联动：同一事项各级编码统一）。"),
    Code("OW302", E, "承诺时限超过基本目录的法定时限", "各地承诺办结时限只能在基本目录法定时限内压缩；即办件在各地都当场办结。"),
    Code("OW303", E, "到现场次数多于基本目录", "实施清单只能减少群众跑腿次数，不能增加。"),
    Code("OW304", E, "免交材料没有写明共享来源或告知承诺依据", "法定材料只有通过写明来源的数据共享获取，或依据明确规定实行告知承诺，才能免于提交。"),
    Code("OW305", E, "引用了基本目录中没有的材料", "免交、容缺的材料必须是基本目录中该事项的材料，且不能既免交又容缺。"),
    Code("OW306", E, "本地增加的材料或条件没有法律依据", "没有法律依据的条件和材料一律取消：实施清单增加材料或条件，必须有自己的法律依据。"),
    Code("OW307", E, "实施清单改变了设定依据", "设定依据由基本目录确定，各级实施清单不得改变。"),
    Code("OW308", E, "实施清单提高或增加了收费", "实施清单只能维持或降低基本目录的收费，不能把不收费改为收费，也不能增加收费项目或提高标准。"),
    Code("OW309", E, "找不到实施清单的基本目录", "实施清单的 layer.yml 必须用 base 指向基本目录文件夹；implementations/ 只能出现在有 layer.yml 的目录中。"),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def severity_of(code: str) -> Severity:
    return CODES[code].severity if code in CODES else Severity.ERROR


def doc_anchor(code: str) -> str:
    """Where a code is documented, relative to the site root."""
    return f"guide/codes/#{code.lower()}"
