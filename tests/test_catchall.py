"""Tests for the catch-all (兜底) detector: the labelled dev set plus hand-written hard cases."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from onewindow.check.catchall import (
    CatchallFinding,
    find_catchall,
    find_catchall_condition,
    is_catchall,
)

DEV_SET = Path(__file__).parent / "data" / "catchall" / "materials-dev.tsv"
MIN_SCORE = 0.95
KINDS = {
    "other-materials",
    "other-conditions",
    "open-list",
    "unnamed-proof",
    "vague",
    "legal-reference",
    "vague-condition",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def load_dev_set() -> list[tuple[str, bool]]:
    """(text, is catch-all) for every row; QUOTE_NONE because entries are kept as published."""
    with DEV_SET.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and {row["label"] for row in rows} == {"catchall", "specific"}
    return [(row["text"], row["label"] == "catchall") for row in rows]


def test_dev_set_precision_and_recall() -> None:
    rows = load_dev_set()
    predicted = [(is_catchall(text), gold, text) for text, gold in rows]
    tp = sum(p and g for p, g, _ in predicted)
    fp = [t for p, g, t in predicted if p and not g]
    fn = [t for p, g, t in predicted if g and not p]
    precision = tp / (tp + len(fp)) if tp + len(fp) else 0.0
    recall = tp / (tp + len(fn)) if tp + len(fn) else 0.0
    summary = (
        f"catchall dev set: n={len(rows)} precision={precision:.3f} recall={recall:.3f} "
        f"false positives={fp} false negatives={fn}"
    )
    print(summary)  # shown with `pytest -s`
    assert precision >= MIN_SCORE and recall >= MIN_SCORE, summary


def test_dev_set_findings_point_into_the_text() -> None:
    for text, _gold in load_dev_set():
        finding = find_catchall(text)
        if finding is None:
            continue
        assert finding.span and finding.span in text, (text, finding)
        assert finding.kind in KINDS and CJK.search(finding.reason), finding


CATCHALL = [
    "房屋产权证明或者租赁合同等相关证明",
    "审批机关要求的其他材料",
    "其它有关资料",
    "（六）其他需要提交的材料。",
    "⑤ 相关部门出具的证明",
    "提供相应的资质证明文件",
    "身份证、户口簿等有效证件",
    "营业执照、税务登记证等证照",
    "6.与申请事项有关的证明材料",
    "按照规定需要提供的材料",
    "其余材料按要求补充",
    "学历证书、职称证书等证书复印件",
    "安全生产、消防安全、卫生管理等管理制度",
    "（二）当事人的证明材料；",
    "各类资格证明",
    "情况说明或其他证明材料",
    "公安、消防等有关部门出具的证明",
    "身份证明、婚姻状况证明等。",
    "監管部門要求提供的其它資料",
    "（七）市场监管部门认为需要补充的其他材料",
    "能够证明婚姻关系的材料",
    "其他相关人员的材料",
    "十、其他",
    "证明材料（如有）",
    "股东为自然人的，提交身份证、户口簿等",
    "人民法院的判决书或调解书等法律文书",
    "消防部门的相关意见",
    "其他单位出具的证明",
    "消防、环保等部门的审批意见",
    # third round (published service guides)
    "产权证明、租赁合同等证明材料",
    "申请人与被监护人关系材料",
    "与登记事项对应的材料",
    "约定抚养权的材料",
]

SPECIFIC = [
    "高等学校毕业证书",
    "三等功以上奖励证书",
    "同等学力人员资格证明",
    "设备布局图、工艺流程图",
    "公司章程（包括股东姓名、出资额等内容）",
    "居民身份证或其他有效身份证件",
    "其他股东同意转让的书面声明",
    "法人或者其他组织的登记证书",
    "个人独资企业、合伙企业或其他经济组织登记证书",
    "安全事故应急救援预案，包括应急组织机构、人员职责、报警程序等",
    "场所平面图（标明功能分区、面积等）",
    "具有相应资质的检测机构出具的检测报告",
    "与经营规模相适应的资金证明",
    "中等职业学校毕业证书",
    "一等奖获奖证书",
    "平等协商签订的劳动合同",
    "相关人员（法定代表人、董事、监事）的任职文件",
    "分支机构或其他经营场所的产权证明",
    "其他从业人员的健康证明",
    "相关证明（居民身份证、户口簿）",
    "有关部门核发的卫生许可证",
    "父母、子女等近亲属的身份证明",
    "网络安全等保测评报告",
    "会员名单，包括姓名、单位等信息",
    "申请材料真实性承诺书",
    "補充材料通知書",
    "已办理财产权转移手续的证明文件",
    "其他共有人同意抵押的证明",
    "其他医疗机构出具的诊断证明",
    # third round (published service guides)
    "祖父母或其他监护人的书面同意",
    "与其他供应商签订的供货合同",
    "户口簿或其他合法稳定住所证明",
    "身份证、护照等有效身份证件的复印件",
    "申请书：写明申请事项、申请理由等",
    "章程，章程应当载明名称、住所、宗旨等",
]


@pytest.mark.parametrize("text", CATCHALL)
def test_hard_catchall_cases(text: str) -> None:
    assert is_catchall(text), find_catchall(text)


@pytest.mark.parametrize("text", SPECIFIC)
def test_hard_specific_cases(text: str) -> None:
    assert find_catchall(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("（四）法律、行政法规规定的其他材料。", "other-materials", "法律、行政法规规定的其他材料"),
        ("營業執照、食品經營許可證等材料", "open-list", "營業執照、食品經營許可證等材料"),
        ("3．相關證明材料復印件", "unnamed-proof", "相關證明材料"),
        ("必要的证明文件", "vague", "必要的证明文件"),
    ],
)
def test_finding_fields(text: str, kind: str, span: str) -> None:
    finding = find_catchall(text)
    assert isinstance(finding, CatchallFinding)
    assert (finding.kind, finding.span) == (kind, span)
    # The reason is Simplified Chinese even for traditional input.
    assert finding.reason.endswith(("材料", "文件", "项目")) and "規" not in finding.reason


@pytest.mark.parametrize(
    "text",
    [
        "（四）法律、行政法规规定的其他条件。",
        "4.國務院煙草專賣行政主管部門規定的其他條件;",
        "符合法律法规规定的条件",
        "具备相应条件",
        "有健全的管理制度等条件",
        "申请人认为需要提交的其他材料",
        "有固定的办公场所，部分城市对办公面积另有最低要求",
        "符合条件的合伙企业及其他有关单位",
        "有能够承担检测和出具报告的相应技术力量",
        # fourth round: phenomena, not row wordings (constructed; no row of any labelled set)
        "网点选址符合规划要求",  # a plan named only by its kind
        "符合城乡规划和产业布局",
        "具体面积标准由各设区的市确定",  # a figure left to a locality
        "按规定缴存质量保证金",  # 按 + an unnamed rule
        "执行国家有关法律、行政法规",
        "符合国家产业政策",
        "董事具备任职条件",  # the conditions of a status, stated elsewhere
        "其他确有需要的人员",  # a group defined only by a clause
        "有生物、化工等领域的技术人员",  # an open list of fields
        "负责人具备相关法律知识",
        "持有相关材料的外国人",
        "有心脏病、癫痫病等妨碍驾驶疾病的",
    ],
)
def test_condition_catchall(text: str) -> None:
    finding = find_catchall_condition(text)
    assert finding is not None and finding.span in text and finding.reason


@pytest.mark.parametrize(
    "text",
    [
        "符合本办法第五条规定的条件",
        "有与其经营规模相适应的资金",
        "有固定的经营场所",
        "具备下列条件之一",
        "经营范围包含道路运输相关业务",
        # named norms, determined groups and vague-but-not-deferring words still pass
        "场所符合《建筑设计防火规范》(GB 50016)相关标准的要求",
        "符合GB/T 19001—2016《质量管理体系 要求》",
        "符合本条例第十二条规定的条件",
        "符合《某市加油站布局规划(2020—2035年)》",
        "排放口的设置符合城镇排水与污水处理规划的要求",
        "其他合伙人一致同意",
        "其他直系亲属同意的",
        "有必要的办公设备和良好的商业信誉",
        "具备安全生产条件",
        "取水、退水布局合理",
        "按实际使用面积计算",
        "具有本科以上学历和相关的法律、财会专业知识",
        "满足招标文件的实质性要求",
        "对有关法律法规、安全知识考试合格",
    ],
)
def test_condition_specific(text: str) -> None:
    assert find_catchall_condition(text) is None


def test_condition_kind_for_other_conditions() -> None:
    finding = find_catchall_condition("法律、行政法规和国务院规定的其他条件")
    assert finding is not None and finding.kind == "other-conditions"
    assert "条件" in finding.reason


def test_finding_is_frozen() -> None:
    finding = find_catchall("其他相关材料")
    assert finding is not None
    with pytest.raises(AttributeError):
        finding.kind = "x"  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   ", "（四）", "等", "其他组织"])
def test_degenerate_input(text: str) -> None:
    finding = find_catchall(text)
    assert finding is None or finding.span in text


def _scores() -> dict[tuple[str, str], tuple[float, float]]:
    """Run scripts/catchall_scores.py (the figures the closing report quotes) and parse its lines."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "catchall_scores.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    print(out)  # shown with `pytest -s`
    found = {}
    for line in out.splitlines():
        m = re.match(r"(OW20[12]) \w+\s+(dev|held-out|test2|guides|guides-t|guides2|test)\s.*precision=([0-9.]+) recall=([0-9.]+)", line)
        if m:
            found[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4)))
    assert len(found) == 12, out
    return found


# Floors for the sets the detector has been revised against (all development data by now),
# each a little below the figure measured when it was last changed, so that a rule change that
# stops generalising fails here. (minimum precision, minimum recall)
DEV_FLOORS = {
    ("OW201", "dev"): (MIN_SCORE, MIN_SCORE),
    ("OW202", "dev"): (MIN_SCORE, MIN_SCORE),
    # first held-out sets, read in the second round of issue #16
    ("OW201", "held-out"): (0.85, 0.90),
    ("OW202", "held-out"): (0.85, 0.90),
    # second-round test sets, untuned in that round (P0.75 R0.78 / P0.90 R0.84), read in the third
    # round (measured after it: OW201 P0.79 R0.81, OW202 P0.91 R0.91)
    ("OW201", "test2"): (0.75, 0.75),
    ("OW202", "test2"): (0.85, 0.85),
    # development half of the third-round guide sets (measured: P1.00 R0.83 / P1.00 R1.00)
    ("OW201", "guides"): (0.90, 0.75),
    ("OW202", "guides"): (0.90, 0.90),
    # third-round untuned halves (P0.92 R0.92 / P0.90 R0.56 when last untuned), read in the fourth
    # round (measured after it: OW201 P0.92 R0.92, OW202 P1.00 R0.94)
    ("OW201", "guides-t"): (0.85, 0.85),
    ("OW202", "guides-t"): (0.90, 0.85),
    # development half of the fourth-round condition guides (P1.00 R0.92 before, P1.00 R1.00 after)
    ("OW202", "guides2"): (0.90, 0.90),
}


def test_scores_on_the_development_sets() -> None:
    scores = _scores()
    for key, (min_precision, min_recall) in DEV_FLOORS.items():
        precision, recall = scores[key]
        assert precision >= min_precision and recall >= min_recall, (key, precision, recall)


def test_untuned_test_sets_are_scored_but_not_fitted() -> None:
    """The fourth-round condition test half was labelled before the detector changed and is
    never tuned on: the script prints its figures (the closing note quotes them) but no floor is
    set here, since a floor fitted to it would make it development data."""
    scores = _scores()
    assert [key for key in scores if key[1] == "test"] == [("OW202", "test")]
    precision, recall = scores[("OW202", "test")]
    assert 0.0 <= precision <= 1.0 and 0.0 <= recall <= 1.0


def test_score_script_never_prints_errors_of_the_untuned_sets() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "catchall_scores.py"
    out = subprocess.run(
        [sys.executable, str(script), "--errors"], capture_output=True, text=True, check=True
    ).stdout
    data = Path(__file__).parent / "data" / "catchall"
    untuned = set()
    for name in ("conditions-guides2-test.tsv",):
        with (data / name).open(encoding="utf-8", newline="") as fh:
            untuned |= {row["text"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    printed = {line.strip()[3:] for line in out.splitlines() if line.startswith("    F")}
    assert printed, out  # the development errors are printed
    assert not printed & untuned


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u202e", "\u0301"])
def test_invisible_characters_do_not_hide_a_catchall(hidden: str) -> None:
    """Zero-width spaces, joiners, soft hyphens, bidi controls and combining marks are invisible
    on the page, so 其\u200b他 reads as 其他; the span still points at the text as written."""
    material = find_catchall(f"法律法规规定的其{hidden}他材料")
    assert material is not None and material.span == f"法律法规规定的其{hidden}他材料"
    assert find_catchall_condition(f"法律法规规定的其{hidden}他条件") is not None
    assert find_catchall(f"营业执照、食品经营许可证等{hidden}材料") is not None
    assert find_catchall(f"营业{hidden}执照") is None


def test_fast_normalising_equals_the_character_by_character_one() -> None:
    """_normalise works with whole-string operations and traces characters back to the input
    only for a text with a finding (_traced): both must give the same text for every input —
    the labelled sets, and strings mixing what the normalising changes (circled numbers,
    full-width and traditional characters, invisible and combining marks, spaces, 其它, list
    numbering) at random."""
    import random

    from onewindow.check.catchall import _normalise, _traced

    texts = [line.split("\t")[0] for path in sorted(DEV_SET.parent.glob("*.tsv"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    alphabet = list("其它他等材料证明（）()【】，,；：:.．｡ 　\t\n①⑳❶➊１２３ＡＢ關於證明發\u200b\u200d\u0301\u20dd\ufeffﬁ㍿㈠"
                    "第一条、1.2)相关其他")
    rng = random.Random(18)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    assert len(texts) > 3500
    for text in texts:
        fast = _normalise(text)
        assert (fast.text, fast.origin) == _traced(text), text
        if fast.text:
            assert fast.span(0, len(fast.text)) in text
