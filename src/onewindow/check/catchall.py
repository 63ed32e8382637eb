"""Catch-all (兜底) detector for material entries and acceptance conditions.

Reform rules forbid open-ended entries such as "法律法规规定的其他材料", "……等材料",
"相关证明" or "必要的证明文件": a citizen cannot tell which document to bring.
Entries that merely contain the marker characters inside a fixed term ("等级证书",
"其他组织登记证书", "与相关方签订的《…》") must stay silent.

The text is normalised first (traditional -> simplified for the characters the rules
use, full-width -> ASCII punctuation, list numbering removed) while keeping a map back
to the original characters, so a finding's ``span`` is a substring of the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

__all__ = ["CatchallFinding", "find_catchall", "find_catchall_condition", "is_catchall"]


@dataclass(frozen=True)
class CatchallFinding:
    kind: str  # short machine tag: other-materials, open-list, unnamed-proof, vague, ...
    span: str  # the offending substring of the original text
    reason: str  # one short Simplified Chinese sentence for an editor


# --------------------------------------------------------------------------- normalising

# Traditional -> simplified, only for characters that occur in the rules below or in the
# fixed terms they must recognise; a full converter would be a dependency for no gain.
_TRAD = (
    "與專業東爲為麼鄉書於產親從價優夥會體餘債儲關內寫農決況準憑劃辦務動區協單賣衛衞歷"
    "發號員團國圖場聲處備復頭獎學實審對屬崗幣應當錄戶執掃護報據撐數無時術機權條構標樣"
    "檢殘畢汙沒測點煙監蓋確離種稱稅籤類級納組織紹經繼續編職聯艙範營補見規視計訂認訓議"
    "記許設證評識該語說説請諸諾負財責貨質賃資輔還進鑑銷鎮門閉際險項預額驗複鑒簽証並須"
    "採勞傭託舉夠開欄積適註冊繳醫師頁係繫償詢齡"
)
_SIMP = (
    "与专业东为为么乡书于产亲从价优伙会体余债储关内写农决况准凭划办务动区协单卖卫卫历"
    "发号员团国图场声处备复头奖学实审对属岗币应当录户执扫护报据撑数无时术机权条构标样"
    "检残毕污没测点烟监盖确离种称税签类级纳组织绍经继续编职联舱范营补见规视计订认训议"
    "记许设证评识该语说说请诸诺负财责货质赁资辅还进鉴销镇门闭际险项预额验复鉴签证并须"
    "采劳佣托举够开栏积适注册缴医师页系系偿询龄"
)
_TRAD_TO_SIMP = str.maketrans(_TRAD, _SIMP)

# Circled numbers become bare digits under NFKC ("①材料" -> "1材料"), which would then
# look like text; turn them into "n、" first so the prefix stripper sees a list number.
_CIRCLED = {chr(0x2460 + i): f"{i + 1}、" for i in range(20)}
_CIRCLED.update({chr(0x2776 + i): f"{i + 1}、" for i in range(10)})
_CIRCLED.update({chr(0x2780 + i): f"{i + 1}、" for i in range(10)})
_CIRCLED.update({chr(0x278A + i): f"{i + 1}、" for i in range(10)})

_PUNCT = str.maketrans({"﹐": ",", "，": ",", "；": ";", "：": ":", "．": ".", "｡": "。"})

_NUM = r"(?:[0-9]{1,3}|[一二三四五六七八九十百]{1,4}|[a-zA-Z])"
_PREFIX = re.compile(
    rf"^(?:\s*(?:[(\[【〔]{_NUM}[)\]】〕]|{_NUM}[、.,:)\]]|[0-9]{{1,3}}\s|第[0-9一二三四五六七八九十百]+[条项款]?[、.:]?))+\s*"
)


@dataclass(frozen=True)
class _Norm:
    text: str  # normalised text the rules run on
    source: str  # the original text

    @cached_property
    def origin(self) -> tuple[int, ...]:
        """origin[i] = index in the original text of text[i]; worked out only for a text with a
        finding (most texts have none)."""
        text, origin = _traced(self.source)
        assert text == self.text, (text, self.text)  # the same normalising, character by character
        return origin

    def span(self, start: int, end: int) -> str:
        """Original substring that produced text[start:end]."""
        if start >= end:
            return ""
        return self.source[self.origin[start] : self.origin[end - 1] + 1]


_DROPPED = ("Cf", "Mn", "Me")  # zero-width spaces, joiners, bidi marks, combining marks: 其\u200b他 is 其他


def _piece(ch: str) -> str:
    """What one character of a text becomes: nothing, or one or more characters (①: "1、")."""
    if unicodedata.category(ch) in _DROPPED:
        return ""
    piece = (_CIRCLED.get(ch) or unicodedata.normalize("NFKC", ch)).translate(_PUNCT).translate(_TRAD_TO_SIMP)
    return "".join(" " if out.isspace() else out for out in piece)


class _Pieces(dict[int, str]):
    """str.translate table giving each character its _piece, worked out once per character."""

    def __missing__(self, code: int) -> str:
        piece = self[code] = _piece(chr(code))
        return piece


_PIECES = _Pieces()


def _normalise(raw: str) -> _Norm:
    """The text the rules run on: every character replaced by its piece, 其它 read as 其他,
    list numbering at the start cut, and spaces dropped (they carry no meaning in Chinese
    entries: "户口簿( 原件"). The same as _traced, in C-speed string operations."""
    text = raw.translate(_PIECES).replace("其它", "其他")
    cut = _PREFIX.match(text)
    return _Norm(text[cut.end() if cut else 0:].replace(" ", ""), raw)


def _traced(raw: str) -> tuple[str, tuple[int, ...]]:
    """_normalise's text character by character, with each character's index in `raw`."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw):
        for out in _piece(ch):
            if out == "它" and chars and chars[-1] == "其":
                out = "他"  # 其它 is the same word as 其他
            chars.append(out)
            origin.append(i)
    text = "".join(chars)
    cut = _PREFIX.match(text)
    skip = cut.end() if cut else 0
    keep = [j for j in range(skip, len(text)) if not text[j].isspace()]
    return "".join(text[j] for j in keep), tuple(origin[j] for j in keep)


# --------------------------------------------------------------------------- vocabulary

_OPEN = "([【〔"
_CLOSE = ")]】〕"
_CLAUSE_END = ",;。:!?"

# Nouns that name no document type by themselves. Longest alternatives first, because
# Python's alternation takes the first branch that matches.
_GENERIC = (
    "证明材料|证明文件|证明资料|佐证材料|说明材料|批准文件|审批文件|"
    "证明|材料|资料|文件|证件|证照|证书|证据|凭证|手续|批文|文书|附件"
)
# After 其他 the open-ended thing may also be a condition or a situation.
_OTHER_NOUNS = _GENERIC + "|条件|情况|情形|事项|要求|说明|依据"
# 相关/有关 + department opinion is just as unnamed as 相关证明.
# 资质 counts only as a bare ending: "相应资质的检测机构出具的报告" names the report.
_RELEVANT_NOUNS = _GENERIC + r"|说明|意见|资质(?=$|[,;。:!?、)]|及|和|或|等|原件|复印件)"
# An open list "A、B等X" is catch-all when X is a generic noun or a bare rule set.
_LIST_NOUNS = _GENERIC + "|规章制度|管理制度|制度|措施|资质|许可|意见|复印件|原件|扫描件"

# Words right after the generic noun that show it only modifies a named document:
# "相关材料清单", "有关文件规定", "申请人的材料真实性声明".
_BLOCK = (
    r"(?!清单|目录|真实|承诺|声明|申请|表|编号|名称|格式|模板|范本|样本|要求|规定|管理|审查|审核)"
)

# A qualifier that fixes the document type even in front of a generic noun:
# "其他有效身份证件", "与经营规模相应的资金证明", "相关专业技术职称证书".
_QUALIFIER = re.compile(
    "身份|主体资格|市场主体|产权|权属|房产|房屋所有权|资金|验资|学历|学位|职称|健康|体检|"
    "出生|死亡|婚姻|户籍|户口|居住|住所使用|租赁|使用权|纳税|完税|社保|社会保险|"
    "犯罪|亲属关系|监护关系|毕业|合格|登记|住所|住房|居所|护照|旅行|通行"
)


def _fixed_type(modifier: str) -> bool:
    """A qualifier compounded directly onto the noun fixes the type ("其他有效身份证件",
    "其他经营场所的产权证明"); one inside a relative clause ("能够证明身份的材料") does not."""
    return bool(_QUALIFIER.search(modifier.rsplit("的", 1)[-1]))


# 其他 + a determined group is a fixed term, not an open list: "其他组织登记证书",
# "营业执照或者其他主体资格证明文件", "其他合伙人一致同意的书面决定".
_OTHER_GROUPS = re.compile(
    f"[^{_CLAUSE_END}()的]{{0,4}}?(?:"
    "组织|主体|市场主体|合伙|股东|人员|从业|成员|共有人|继承人|董事|监事|经理|高级管理|"
    "出资人|发起人|投资人|法人|自然人|当事人|申请人|权利人|债权人|债务人|所有人|"
    "单位|企业|机构|团体|经营者|子女|亲属|家庭|地区|国家|省份|省市|城市|股份|币种|语种|民族|"
    # kin and guardians ("生父母或其他监护人", "其他直系长辈血亲"), trading partners
    "监护人|抚养人|扶养人|赡养人|代理人|委托人|直系|血亲|长辈|晚辈|"
    "供货商|供应商|经销商|承包商|服务商|厂商|商户|商家)"
)

# 等 inside a word is not an open list. Masked with a neutral character of equal
# length so positions still map back to the original text.
_WORD_DENG = re.compile(
    "等(?=级|同|额|待|候|效|价|值|量|距|比|次|第|于|腰|离子)"
    "|(?<=[平对均相上下优劣头特何])等"
    # 同等 (同等学力) but not the 等 after 合同/共同/协同 ("租赁合同等证明材料" is a list)
    "|(?<=同)(?<![合共协陪连会]同)等"
    "|(?<=高)等(?=学校|教育|院校|学历|职业|专科|数学)"
    "|(?<=[中初])等(?=职业|专业|学校|教育|学历|院校|技术)"
    "|(?<=[一二三四五六七八九十甲乙丙丁0-9])等(?=功|奖|品|座|舱|以上|及以上|及其以上)"
)
_MASK = "□"


def _paren_depths(text: str) -> list[int]:
    """Bracket nesting depth at each position ('(…等)' only describes a document)."""
    depth, out = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE and depth:
            depth -= 1
    return out


_BRACKET_RE = re.compile(r"[(\[【〔]([^)\]】〕]*)[)\]】〕]?")
_NAMED_DOC_RE = re.compile("《|书|证|表|报告|合同|协议|执照|照片|图|簿|决定|决议")


def _names_documents(text: str, after: int) -> bool:
    """True when a bracket right at `after` lists named documents: "相关的卫生审查资料
    (建设项目设计卫生审查认可书…)" says exactly what to bring."""
    m = _BRACKET_RE.match(text, after)
    return bool(m and _NAMED_DOC_RE.search(m.group(1)))


_TRAILING_NOTE_RE = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]$")


def _bare(text: str) -> str:
    """The entry without trailing punctuation or a trailing note like "(如有)"."""
    text = text.rstrip(_CLAUSE_END)
    m = _TRAILING_NOTE_RE.search(text)
    if m and not _NAMED_DOC_RE.search(m.group(1)):
        text = text[: m.start()]
    return text.rstrip(_CLAUSE_END)


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause containing pos (after the last , ; 。 : ! ?), past an
    opening title mark or quote so spans do not carry half a pair."""
    start = max(text.rfind(c, 0, pos) for c in _CLAUSE_END) + 1
    while start < pos and text[start] in "《“‘「『\"'":
        start += 1
    return start


def _item_start(text: str, pos: int) -> int:
    """Start of the list item that ends at pos: after the last 、 in the clause."""
    return max(_clause_start(text, pos), text.rfind("、", 0, pos) + 1)


def _with_modifier(text: str, start: int) -> int:
    """Extend a span back over the '…规定的' modifier that introduces it, if short."""
    begin = _clause_start(text, start)
    if 0 < start - begin <= 24 and text[start - 1] == "的":
        return begin
    return start


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    key: str  # the short phrase quoted in the reason


_Rule = Callable[[str], "_Hit | None"]

_OTHER_RE = re.compile(rf"(?:其他|其余)(?P<tail>[^{_CLAUSE_END}()]{{0,16}})")
_OTHER_NOUN_RE = re.compile(_OTHER_NOUNS)
_GENERIC_RE = re.compile(_GENERIC)
_NEXT_ITEM_RE = re.compile("、|以及|及|和|或|并")
# The group noun must sit right before 的: "其他共有人同意抵押的证明" names its proof.
_GROUP_GENERIC_RE = re.compile(
    rf"[^{_CLAUSE_END}()的]{{0,6}}?(?:人员|人|者|股东|成员|组织|单位|企业|机构|团体|家庭|子女|亲属)"
    rf"(?:出具|开具|提供|签署|颁发)?的(?:相关|有关)?(?:{_GENERIC}){_BLOCK}(?!\()"
)
_CONDITION_NOUNS = frozenset({"条件", "要求", "情形"})


def _last_noun(tail: str) -> re.Match[str] | None:
    """Head noun of the phrase after 其他: the last document noun before the next list
    item, else the last condition/situation noun ("其余材料按要求补充" -> 材料)."""
    tail = _NEXT_ITEM_RE.split(tail, maxsplit=1)[0]
    nouns = list(_OTHER_NOUN_RE.finditer(tail))
    documents = [n for n in nouns if _GENERIC_RE.fullmatch(n.group())]
    return (documents or nouns or [None])[-1]


def _group_then_generic(tail: str) -> re.Match[str] | None:
    """'其他股东的证明材料': a determined group, but its document is still unnamed."""
    return _GROUP_GENERIC_RE.match(tail.lstrip("的"))


def _rule_other(text: str) -> _Hit | None:
    """其他/其余 + (…) + 材料/文件/证明/条件/情况: the rest is left open."""
    bare = _bare(text)
    if bare in ("其他", "其余", "其他事项"):  # a list item that is only "其他"
        return _Hit("other-materials", 0, len(bare), bare)
    for m in _OTHER_RE.finditer(text):
        tail = m.group("tail")
        if _OTHER_GROUPS.match(tail.lstrip("的")) and not _group_then_generic(tail):
            continue
        noun = _last_noun(tail)
        if not noun or _fixed_type(tail[: noun.start()]):
            continue
        end = m.start("tail") + noun.end()
        kind = "other-conditions" if noun.group() in _CONDITION_NOUNS else "other-materials"
        start = _with_modifier(text, m.start())
        return _Hit(kind, start, end, text[m.start() : end])
    return None


# 等 + (…的)? + short modifier + generic noun; items that are only the content of one
# document ("面积等内容的说明", "会员名称等信息") are not a list of documents.
_LIST_RE = re.compile(
    r"等+(?!内容|信息|情况|事项|项目|指标|数据|要素|字段|栏目|功能)"
    rf"(?P<mod>(?:[^{_CLAUSE_END}()、的]{{0,16}}的)?[^{_CLAUSE_END}()、的]{{0,4}}?)"
    rf"(?P<noun>{_LIST_NOUNS})"
)
_BARE_DENG_RE = re.compile(rf"等+(?=$|[{_CLAUSE_END})\]】〕])")
# "可行性分析报告，包括…等": the list describes the content of one named document.
_INCLUDES_RE = re.compile(
    r"包括|包含|涵盖|内容为|内容有|主要有|诸如|例如|比如|如(?![有果需未实期])"
    # "申请书应当载明…业务范围等", "申请书：详细阐述申请理由…等": the content of one document
    r"|载明|写明|注明|列明|标明|阐述|记载|记明"
)
_ENDS_GENERIC_RE = re.compile(rf"(?:{_GENERIC})$")


_COPY_NOUNS = frozenset({"复印件", "原件", "扫描件"})


def _mask_word_deng(text: str) -> str:
    return _WORD_DENG.sub(_MASK, text)


def _describes_one_document(text: str, pos: int) -> bool:
    """True if 等 at pos closes a '包括…等' list hanging off a named document."""
    sentence = max(text.rfind(c, 0, pos) for c in ";。") + 1
    intros = list(_INCLUDES_RE.finditer(text, sentence, pos))
    if not intros:
        return False
    intro = intros[-1]
    head = text[sentence : intro.start()].rstrip(",:")
    generic = _ENDS_GENERIC_RE.search(head)
    # "有效身份证件，如…等" still names one document type.
    return bool(head) and (generic is None or _fixed_type(head[: generic.start()][-6:]))


def _open_list_hit(text: str, deng: int, end: int) -> _Hit:
    """Span the whole clause; quote only the last item and the 等 tail."""
    return _Hit("open-list", _clause_start(text, deng), end, text[_item_start(text, deng) : end])


def _rule_open_list(text: str) -> _Hit | None:
    """A list closed by 等 (+ generic noun) leaves room for anything else."""
    masked = _mask_word_deng(text)
    depth = _paren_depths(masked)
    for m in _LIST_RE.finditer(masked):
        mod = m.group("mod")
        # "身份证、护照等有效身份证件的复印件": a copy of a fixed document type.
        if m.group("noun") in _COPY_NOUNS and mod.endswith("的"):
            mod = mod[:-1]
        if depth[m.start()] or _fixed_type(mod) or _describes_one_document(masked, m.start()):
            continue
        return _open_list_hit(text, m.start(), m.end())
    for m in _BARE_DENG_RE.finditer(masked):
        if depth[m.start()] or _describes_one_document(masked, m.start()):
            continue
        return _open_list_hit(text, m.start(), m.end())
    return None


_RELEVANT_RE = re.compile(
    # The modifier may list what the proof is about ("有关委派、选举或者聘用的证明"): the
    # document is still unnamed unless its last part fixes the type (_fixed_type).
    rf"(?P<mark>相关|有关|相应)(?!方|联|性)(?P<mod>[^{_CLAUSE_END}()《]{{0,14}}?)"
    rf"(?P<noun>{_RELEVANT_NOUNS}){_BLOCK}"
)


def _rule_relevant(text: str) -> _Hit | None:
    """相关/有关/相应 + 证明/材料/文件: the document type is never fixed."""
    for m in _RELEVANT_RE.finditer(text):
        mod = m.group("mod")
        if _fixed_type(mod) or _names_documents(text, m.end()):
            continue
        # Past a few characters 相关 qualifies the thing the proof is about, and the noun is
        # unnamed only when it follows that clause bare: "有关委派、选举或者聘用的证明", but not
        # "相关设备和技术的技术说明" or "相关管理制度及执行情况说明".
        if (len(mod) > 6 or "、" in mod) and ("的" not in mod or mod.rsplit("的", 1)[-1] not in ("", "有效")):
            continue
        return _Hit("unnamed-proof", _with_modifier(text, m.start()), m.end(), m.group())
    return None


# Phrases that leave the choice of document to the official, the applicant or "the rules":
# "审查中认为需要的材料", "视情况提交的证明材料", "按规定建设污水预处理设施的材料".
_VAGUE_SOURCE_RE = re.compile(
    r"(?P<trig>规定|要求|需要|认为|视具体情况|视情况|根据情况|根据实际情况|必要时|必要|所需|"
    r"另行|另需|符合|能够证明|能证明|可以证明|足以证明|用以证明|用于证明|(?:^|(?<=[,;。:]))证明|"
    r"应当|应该|应(?=提交|提供|报送|出具)|需(?=提交|提供|补充|报送|出具))"
    rf"(?P<mid>[^{_CLAUSE_END}()的]{{0,16}})的(?:相关|有关|其他)?(?P<noun>{_GENERIC}){_BLOCK}"
)
_NEEDED_RE = re.compile(
    rf"(?:所需|所必需|必要|必需)(?:的)?[^{_CLAUSE_END}()的]{{0,6}}?(?:{_GENERIC}){_BLOCK}"
)
_EVERY_KIND_RE = re.compile(rf"各(?:种|类|项|式|样)[^{_CLAUSE_END}()]{{0,8}}?(?:{_GENERIC})")
_EITHER_PROOF_RE = re.compile(
    r"(?:鉴定|说明|意见|材料)(?:或者|或|及|和)(?:其他)?(?:证明材料|证明文件|证明)"
)
_PERSON_PROOF_RE = re.compile(
    rf"(?:人|者)的(?:相关|有关)?(?:证明材料|证明文件|证明资料|证明|材料|资料|文件){_BLOCK}"
)
_SUPPORTING_RE = re.compile(
    rf"(?:佐证|支撑|支持性|辅助|补充|补正)(?:材料|资料|文件){_BLOCK}(?!通知)"
)
_BARE_ENTRY_RE = re.compile(rf"(?:提交|提供|报送)?(?:相关|有关)?(?:{_GENERIC})")
# "与变更更正事项对应的材料": whatever corresponds to the matter, i.e. nothing named.
_CORRESPONDING_DOC_RE = re.compile(rf"(?:相对应|对应)的?(?:{_GENERIC}){_BLOCK}")
# The last item is a bare 材料/资料 about a relation, a right or a fact to be proven, never a
# document type: "父母与子女关系材料", "指定或约定抚养权、监护权的材料". Materials of an act
# ("验收材料", "市场分析材料") are documents of their own; a document word in the modifier
# ("…证明材料", "…申请书材料") or an issuer fixes the type.
_LAST_ITEM_SPLIT_RE = re.compile("、|或者|或|以及|及|和|与")
_BARE_MATERIAL_RE = re.compile(
    r"(?P<mod>[^,;。:()]{0,14}?(?:关系|权|权利|事实|经历|情况|状况))的?(?:材料|资料)"
)
_DOC_WORD_RE = re.compile("《|书|证|表|报告|合同|协议|执照|照片|图|簿|决定|决议|档案|记录|清单|名册|文件|说明|声明|凭")


# "与用人单位存在劳动关系的证明材料", "承办者合法成立的证明": a fact to be proven, with no
# document that proves it. A fixed qualifier ("缴纳社保的证明") or a named issuer ("律师协会出具
# 的…证明文件") says which document; a predicate alone does not.
_FACT_PROOF_RE = re.compile(
    rf"的(?:有效)?(?:证明材料|证明文件|证明资料|证明)(?=$|[{_CLAUSE_END})、]|及|和|或|以及)"
)
_FACT_PREDICATE_RE = re.compile(
    "存在|具备|具有|成立|执业|注册|符合|已在|已经|没有|未曾|不少于|不低于|承认|享有|合法|属于|"
    "从事|担任|拥有|居住|工作|能够|可以|用于"
)
_ISSUER_RE = re.compile("出具|开具|核发|颁发|签发|盖章|签署|签字|同意|批准|核准")


def _rule_fact_proof(text: str) -> _Hit | None:
    for m in _FACT_PROOF_RE.finditer(text):
        clause = _clause_start(text, m.start())
        start = max(clause, text.rfind("、", 0, m.start()) + 1)
        mod = text[start : m.start()]
        if _ISSUER_RE.search(text, clause, m.start()) or _fixed_type(mod) or not _FACT_PREDICATE_RE.search(mod):
            continue
        return _Hit("unnamed-proof", start, m.end(), text[start : m.end()])
    return None


def _bare_material(bare: str) -> _Hit | None:
    if "," in bare or ";" in bare or "。" in bare or ":" in bare:
        return None  # sentences are left to the other rules
    last = _LAST_ITEM_SPLIT_RE.split(bare)[-1]
    m = _BARE_MATERIAL_RE.fullmatch(last)
    if not m or _DOC_WORD_RE.search(m.group("mod")):
        return None
    if _ISSUER_RE.search(bare) or _INCLUDES_RE.search(bare):
        return None
    start = len(bare) - len(last)
    return _Hit("vague", start, len(bare), last)


_PROOF_OF_NORM_RE = re.compile(rf"(?:规定|要求|标准|规范)的(?:{_GENERIC})$")


def _rule_vague(text: str) -> _Hit | None:
    """Vague requests with no 其他/等/相关 marker at all."""
    m = _VAGUE_SOURCE_RE.search(text)
    # "按规定缴纳社保的证明" names its proof; "能够证明婚姻关系的材料" still does not.
    while m and "证明" not in m.group("trig") and _fixed_type(m.group("mid")):
        m = _VAGUE_SOURCE_RE.search(text, m.start() + 1)
    if m:
        return _Hit("vague", _clause_start(text, m.start()), m.end(), m.group())
    for pattern in (_NEEDED_RE, _EVERY_KIND_RE, _EITHER_PROOF_RE, _PERSON_PROOF_RE, _SUPPORTING_RE):
        m = pattern.search(text)
        if m and not _names_documents(text, m.end()):
            return _Hit("vague", _clause_start(text, m.start()), m.end(), m.group())
    bare = _bare(text)
    if _BARE_ENTRY_RE.fullmatch(bare):  # the whole entry is just "证明材料"
        return _Hit("vague", 0, len(bare), bare)
    if bare.endswith("的") and (hit := _authority_rule(bare)):
        return _Hit("vague", hit.start, len(bare), bare[hit.start :])
    if m := _CORRESPONDING_DOC_RE.search(text):
        return _Hit("vague", _clause_start(text, m.start()), m.end(), m.group())
    if hit := _bare_material(bare):
        return hit
    # "符合…有关规定…认可的标准的说明材料": a generic proof of meeting a norm nobody names.
    tail = _PROOF_OF_NORM_RE.search(bare)
    if tail and (hit := _rule_deferral(bare[: tail.start()])):
        return _Hit("vague", hit.start, len(bare), bare[hit.start :])
    return None


# Acceptance conditions: "符合法律法规规定的条件", "具备相应条件", "…等条件".
_COND_SOURCE_RE = re.compile(
    rf"(?:规定|要求)的(?:相关|有关|其他)?(?:条件|要求|情形|标准)(?=$|[{_CLAUSE_END})])"
)
_COND_VAGUE_RE = re.compile(
    r"(?:相关|有关|相应|必要|其他|其余)的?(?:条件|要求|情形|标准)"
    rf"|(?:其他|其余)[^{_CLAUSE_END}()]{{0,10}}?(?:设施|设备|装置|措施|资质)(?=$|[{_CLAUSE_END}、和及或])"
    r"|(?:其他|其余)(?:有关|相关)的?(?:单位|企业|机构|组织|部门|人员|主体)"
)
_COND_LIST_RE = re.compile(
    r"等+(?!相适应|相应|相当|内容|信息|情况|事项|数据|指标)"
    rf"[^{_CLAUSE_END}()、]{{0,16}}?"
    r"(?:条件|要求|情形|设施|设备|装置|制度|措施|疾病|病史|行为|记录|物质|物品|资格|资质)"
    # a trailing 的 only closes the item ("…癫痫病等妨碍安全驾驶疾病的")
    rf"(?=的?(?:$|[{_CLAUSE_END})、和及或与并]))"
)
# An open list of fields is as unnamed as "相关专业": "科技、教育、农业等领域的人才". Lists of
# achievements or aspects ("推动…进步等方面有重大贡献") are not fields.
_COND_FIELD_LIST_RE = re.compile(r"等+(?:[\u4e00-\u9fff]{0,2}?)(?:领域|行业|学科|专业)(?!技术|资格|职称|学历|学位)")
# Holding "the relevant documents" as a condition names none: "持有相关材料申请居留许可".
_COND_RELEVANT_DOC_RE = re.compile(
    r"(?:持有|持|具有|具备|提供|取得|出具|附有|备有|有)(?:相关|有关)的?(?:材料|证明|文件|手续|资料|证件)"
    r"(?!清单|目录|编号|名称|格式|模板|范本|样本|表)"
)
# "其他需要申领暂住证的人员", "其他符合条件的对象": a group defined only by a clause stays open;
# "其他合伙人", "其他直系亲属" name a determined group (see _OTHER_GROUPS).
_COND_OTHER_CLAUSE_RE = re.compile(
    rf"(?:其他|其余)(?P<mod>[^{_CLAUSE_END}()]{{1,20}}?)的"
    rf"(?:人员|人|对象|单位|企业|组织|机构|主体|情形|情况|事项)(?=$|[{_CLAUSE_END})、])"
)
# Which profession, field or business is "相关" is never said: "相关专业中级以上职称". When a
# noun comes right before ("危险化学品相关业务", "与出版物发行专业相关") the field is named; only
# a verb, a particle, a quantity ("2名以上相关专业") or the clause start may precede the bare
# "相关专业".
_COND_FIELD_RE = re.compile(
    rf"(?:^|(?<=[{_CLAUSE_END}、()有具的事在其从和与及或者备等得持任需含括上下名位]))"
    r"(?:相关|有关)的?(?:专业|领域|行业|业务|学科"
    # which laws, knowledge or experience is "相关" is never said either: "具备相关法律知识"
    r"|知识|工作经验|工作经历|从业经历|经验"
    # a list after 相关 names the fields itself: "相关的法律、市场营销专业知识"
    rf"|(?:法律法规|法律|法规)(?=知识|$|[{_CLAUSE_END})和及或与]))"
)


# "符合本办法第五条规定的条件" points at a definite list, so it is not open-ended; "本法",
# "本条例" name the law the condition comes from.
_ARTICLE_RE = re.compile(
    "第[0-9一二三四五六七八九十百]+[条款项]|本条|前款|上述|前述|下列|以下|"
    "本(?:法|条例|办法|规定|细则|决定|规则|标准|规范)(?![^,;。:]{0,6}(?:部门|机关|机构))"
)

# ---- conditions that defer to a rule, standard or authority they do not name

# A condition "defers" when it says the applicant must meet (符合/满足/按照/超过…) a norm
# (规定/要求/标准/限额…) whose source is left unnamed: "符合国家有关规定", "超过本市规定
# 标准", "满足有关部门的消防安全要求", "符合保证飞行安全要求的民用航空器". It is stated when
# the norm is a titled document (《…》), a GB/行业 standard number, the law itself (本法, 本条例
# 第五条) or a document named by its subject ("中国专利法的规定", "疫苗储存、运输管理规范").
_NAMED_RE = re.compile(
    r"《[^》]+》|\b(?:GB|GB/T|GB/Z|[A-Z]{2,3}(?:/T)?)\s?[0-9]{2,6}(?:[.\-—][0-9]+)*"
)
# Who sets a norm without naming it: the state, "the relevant" body, a locality, a department.
_AUTHORITY_RE = re.compile(
    "国家|国务院|地方|本省|本市|本区|本县|当地|所在地|上级|有关|相关|相应|法律|法规|规章|"
    "部门|机关|机构|主管|行业|政策|政府"
)
_GENERIC_NORM = "规定|要求|标准|条件|资质|限额|数额|比例|数量|技术规范"
_DOCUMENT_NORM = (
    "规范|规划|布局|导则|办法|细则|规则|条例|法|目录|名录|方案|指南|章程|协议|合同|决议"
)
# A plan or layout named only by a generic word ("符合规划要求", "符合行业发展规划", "符合区域规划
# 和产业布局") leaves open which plan, drawn up by whom. A statutory plan type that is unique for
# the site ("控制性详细规划", "城乡规划", "土地利用总体规划") or a subject ("城镇排水与污水处理
# 规划") says which, and 《…布局规划(2020—2035年)》 names its title.
_PLAN_NOUNS = frozenset({"规划", "布局"})
_GENERIC_PLAN_RE = re.compile("(?:专项|综合|发展|区域|相关|有关|相应|行业|产业|网点|空间|布局|规划|的)*")
# Bodies of law or policy are norms too ("执行国家有关法律、行政法规和规章制度", "符合国家产业
# 政策"), but a list that goes on ("对有关客运法律法规、机动车维修…知识考试合格") is a subject.
_LAW_NORM = "法律法规|法律|行政法规|法规|规章制度|规章|政策"
_TRIGGER = (
    "符合|满足|达到|按照|依照|依据|根据|遵守|执行|超过|超出|低于|高于|不低于|不少于|不超过|不高于|"
    "不足|具备|具有|取得|经过|经|采用|适用|参照|执行|按(?!照)"
)
_TRIGGER_RE = re.compile(_TRIGGER)
_NORM_RE = re.compile(
    # "标准合同", "标准文本" are model documents, not a standard to meet
    rf"(?:{_GENERIC_NORM})(?![\u4e00-\u9fff]{{0,3}}草案)(?<!标准(?=合同|文本|格式))"
    rf"|(?:{_DOCUMENT_NORM})(?=的|第|规定|要求|$|[,;。、()和及或与])"
    rf"|(?:{_LAW_NORM})(?=的|规定|要求|$|[,;。)和及或与])"
)
_WINDOW = 30
# "具备任职条件", "符合法定条件": the conditions of a status or of the permission itself are
# stated elsewhere, so meeting them defers to a rule the entry does not name.
_STATUS_CONDITION_RE = re.compile(
    "(?:任职|申请|准入|资格|法定|上岗|开业|从业|执业|许可|核发|延续|登记|受理|办理|申领|落户|入户)的?$"
)

# "相应的机动车维修场地", "取得相应学历证书": which one is never said. "与其经营规模相应的资金"
# compares with a named thing, so it is stated.
_CORRESPONDING_RE = re.compile(r"(?<!与)相应(?:的)?(?P<noun>[\u4e00-\u9fff]{1,4})")
# Obligations whose yardstick is left to someone else: "所应有的技术装备", "规定数量的人员".
_UNSTATED_MEASURE_RE = re.compile("所应有|应当具有的|规定(?:数量|人数|面积|比例|标准|限额)|规定的(?:数量|人数|面积|比例|标准|限额|资质|资格)")


def _names_norm(mid: str, noun: str) -> bool:
    """True if the norm between the trigger and the noun is named precisely enough to read."""
    if mid.count("《") > mid.count("》"):
        return True  # the noun is part of a title: 《…水质标准》
    if _NAMED_RE.search(mid) or _ARTICLE_RE.search(mid):
        return True
    if _AUTHORITY_RE.search(mid):
        return False
    if noun in _PLAN_NOUNS and _GENERIC_PLAN_RE.fullmatch(re.split("和|及|与|、|或", mid)[-1]):
        return False
    if re.fullmatch(_DOCUMENT_NORM, noun) or noun == "技术规范":
        return len(mid) >= 2  # "疫苗储存、运输管理规范": a document named by its subject
    # "中国专利法的规定", "城镇排水与污水处理规划的要求": the requirement of a named document.
    if re.search(rf"(?:{_DOCUMENT_NORM})的?$", mid):
        return True
    # the requirements of one particular document the applicant holds: "满足招标文件的实质性要求"
    return bool(re.search(r"(?:文件|合同|协议|章程|批复|决定书|通知书)的[\u4e00-\u9fff]{0,4}$", mid))


def _deferral_at(text: str, trig: re.Match[str]) -> _Hit | None:
    end = min(len(text), trig.end() + _WINDOW)
    clause_end = min((i for i in (text.find(c, trig.end()) for c in _CLAUSE_END) if i >= 0), default=len(text))
    window = text[trig.end() : min(end, clause_end)]
    for m in _NORM_RE.finditer(window):
        mid, noun = window[: m.start()], m.group()
        if noun == "条件" and "规定" not in mid and "要求" not in mid and not _STATUS_CONDITION_RE.search(mid):
            continue  # "符合培养条件": a condition word, not a norm someone else set
        if _names_norm(mid, noun):
            continue
        status = noun == "条件" and _STATUS_CONDITION_RE.search(mid)
        if _AUTHORITY_RE.search(mid) or "规定" in mid or noun in ("规定", "要求", "标准", *_PLAN_NOUNS) or status:
            stop = trig.end() + m.end()
            return _Hit("unnamed-norm", _clause_start(text, trig.start()), stop, text[trig.start() : stop])
    return None


_AUTHORITY_RULE_RE = re.compile(
    r"(?:国家|国务院|部门|机关|机构|有关|相关|法律|法规|规章|地方|本省|本市|本区|本县|当地)"
    rf"[^{_CLAUSE_END}()《》]{{0,12}}?(?:另有规定|规定|确定|制定|认可)(?!范|划)"
    # unnamed localities that set their own figures: "部分地区对场地面积有最低要求"
    r"|(?:部分|有的|一些|个别|各|多数|不少)(?:地区|地方|城市|省份|省市|地市)"
    rf"[^{_CLAUSE_END}()《》]{{0,12}}?(?:规定|要求|标准)"
)


def _authority_rule(text: str) -> _Hit | None:
    for m in _AUTHORITY_RULE_RE.finditer(text):
        clause = _clause_start(text, m.start())
        before = text[clause : m.end()]
        if _ARTICLE_RE.search(before) or _NAMED_RE.search(before):
            continue
        # a named document follows ("国家网信部门制定的标准合同", "…认可的证书"): not a norm
        if m.group().endswith(("制定", "确定", "认可")) and not _NORM_AFTER_RE.match(text, m.end()):
            continue
        return _Hit("unnamed-norm", clause, m.end(), m.group())
    return None


_NORM_AFTER_RE = re.compile(rf"的?(?:{_GENERIC_NORM})")


# "具体面积要求由各地级以上市规定", "标准由省级民政部门确定": the figure is left to a body.
_LEFT_TO_RE = re.compile(
    rf"由(?P<who>[^{_CLAUSE_END}()《》]{{1,14}}?)(?:另行|自行|统一)?(?:规定|确定|制定|公布|核定)"
    rf"(?=$|[{_CLAUSE_END})])"
)
_LEFT_TO_WHO_RE = re.compile("各地|地方|当地|所在地|省|市|县|区|乡|镇|地区|国家|国务院|部门|机关|机构|主管|政府")


def _rule_deferral(text: str) -> _Hit | None:
    """Conditions that defer to an unnamed rule, standard, requirement or authority."""
    for trig in _TRIGGER_RE.finditer(text):
        if hit := _deferral_at(text, trig):
            return hit
    if hit := _authority_rule(text):
        return hit
    for m in _LEFT_TO_RE.finditer(text):
        clause = _clause_start(text, m.start())
        if _LEFT_TO_WHO_RE.search(m.group("who")) and not _ARTICLE_RE.search(text, clause, m.end()):
            return _Hit("unnamed-norm", clause, m.end(), m.group())
    for m in _UNSTATED_MEASURE_RE.finditer(text):
        if _ARTICLE_RE.search(text, _clause_start(text, m.start()), m.start()):
            continue
        return _Hit("unnamed-norm", _clause_start(text, m.start()), m.end(), m.group())
    for m in _CORRESPONDING_RE.finditer(text):
        before = text[_clause_start(text, m.start()) : m.start()]
        # "与其经营规模相应", "和生产能力相应": compared with a named thing. A 和 right before
        # 相应 only joins two requirements ("规范的名称和相应的组织机构").
        if re.search(r"[与和同][^,;。:]{1,16}$", before) and not before.endswith("的"):
            continue
        return _Hit("unnamed-norm", _clause_start(text, m.start()), m.end(), m.group())
    return None


def _rule_condition(text: str) -> _Hit | None:
    """Condition-only forms; run after the material rules."""
    masked = _mask_word_deng(text)
    for kind, pattern in (
        ("legal-reference", _COND_SOURCE_RE),
        ("vague-condition", _COND_VAGUE_RE),
        ("open-list", _COND_LIST_RE),
        ("unnamed-field", _COND_FIELD_RE),
        ("unnamed-field", _COND_FIELD_LIST_RE),
        ("unnamed-proof", _COND_RELEVANT_DOC_RE),
        ("other-conditions", _COND_OTHER_CLAUSE_RE),
    ):
        for m in pattern.finditer(masked if pattern in (_COND_LIST_RE, _COND_FIELD_LIST_RE) else text):
            if kind == "legal-reference" and _ARTICLE_RE.search(text, 0, m.start()):
                continue
            # "符合《建筑设计防火规范》(GB50016)相关标准的要求": the standard is the named one's.
            if kind == "vague-condition" and _named_before(text, m.start()):
                continue
            if kind == "other-conditions" and _OTHER_GROUPS.fullmatch(m.group("mod")):
                continue
            # An unnamed field is the words themselves ("相关专业"), not the whole clause.
            start = m.start() if kind == "unnamed-field" else _clause_start(text, m.start())
            return _Hit(kind, start, m.end(), text[m.start() : m.end()])
    return _rule_deferral(text)


def _named_before(text: str, pos: int) -> bool:
    """A titled document or a standard number earlier in the same clause."""
    return bool(_NAMED_RE.search(text, _clause_start(text, pos), pos))


_REASONS = {
    "other-materials": "“{key}”没有说明具体是哪份材料",
    "other-conditions": "“{key}”没有列明具体是哪些条件",
    "open-list": "“{key}”用“等”开放列举，没有列全具体项目",
    "unnamed-proof": "“{key}”没有写明具体要哪一种证明或文件",
    "vague": "“{key}”表述含糊，申请人无法确定要提交哪份材料",
    "legal-reference": "“{key}”只引用法规而未列明具体条件",
    "vague-condition": "“{key}”没有写明具体是什么条件",
    "unnamed-field": "“{key}”没有写明是哪个专业、行业或业务",
    "unnamed-norm": "“{key}”援引的规定、标准或要求没有写明出处，群众无法查阅",
}

_MATERIAL_RULES: tuple[_Rule, ...] = (_rule_other, _rule_open_list, _rule_relevant, _rule_vague, _rule_fact_proof)


def _run(text: str, rules: tuple[_Rule, ...]) -> CatchallFinding | None:
    norm = _normalise(text)
    for rule in rules:
        hit = rule(norm.text)
        if hit:
            # Quote the normalised (simplified) text: the reason is read in Simplified Chinese.
            key = norm.text[hit.start : hit.end] if hit.end - hit.start <= 20 else hit.key
            reason = _REASONS[hit.kind].format(key=key)
            return CatchallFinding(hit.kind, norm.span(hit.start, hit.end), reason)
    return None


# --------------------------------------------------------------------------- public API


def find_catchall(text: str) -> CatchallFinding | None:
    """First catch-all phrase in a material name or entry, or None if it is specific."""
    return _run(text, _MATERIAL_RULES)


def find_catchall_condition(text: str) -> CatchallFinding | None:
    """Like find_catchall, plus condition forms such as '符合法律法规规定的条件'."""
    return _run(text, (*_MATERIAL_RULES, _rule_condition))


def is_catchall(text: str) -> bool:
    return find_catchall(text) is not None
