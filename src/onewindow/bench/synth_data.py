"""Vocabulary for the synthetic catalog generator (synth.py).

Real item-name parts, laws, materials and conditions as they appear in district item lists, so
that a generated catalog stresses the checker and the renderers the way a real one does (long
Chinese names, many citations, shared register materials). Every phrase here must pass the
catch-all detector; tests/test_synth.py runs it over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

REGION = "999901"  # administrative division code the synthetic item codes start with
CITY = "示范市"
DISTRICTS = (
    ("滨河区", "bh"), ("江北区", "jb"), ("临湖区", "lh"), ("东城区", "dc"), ("西城区", "xc"),
    ("南山区", "ns"), ("北塘区", "bt"), ("新港区", "xg"), ("青峰区", "qf"), ("云溪区", "yx"),
)

WINDOWS = (
    ("business-registration", "商事登记", "企业、个体工商户等市场主体的设立、变更、注销登记。", "一楼A区1—8号窗口"),
    ("market-regulation", "市场监管", "食品、药品、特种设备等市场监管类许可。", "一楼A区9—12号窗口"),
    ("business-permits", "涉企经营许可", "卫生、文化、交通、烟草等涉企经营许可。", "二楼B区1—12号窗口"),
    ("investment-construction", "投资项目审批", "工程建设项目规划、施工、验收等审批。", "二楼C区1—8号窗口"),
    ("real-estate", "不动产登记与交易", "不动产登记、交易与税费一窗受理。", "三楼D区1—16号窗口"),
    ("social-services", "社会服务", "社会组织、民政、就业和社会保障服务。", "一楼E区1—6号窗口"),
)

# slug: (title, level, issuer, doc_number, effective)
LAWS: dict[str, tuple[str, str, str, str, str]] = {
    "administrative-licensing-law": ("中华人民共和国行政许可法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第七号", "2004-07-01"),
    "food-safety-law": ("中华人民共和国食品安全法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第二十一号", "2015-10-01"),
    "drug-administration-law": ("中华人民共和国药品管理法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第三十一号", "2019-12-01"),
    "special-equipment-law": ("中华人民共和国特种设备安全法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第四号", "2014-01-01"),
    "public-places-hygiene-regulation": ("公共场所卫生管理条例", "行政法规", "国务院", "国发〔1987〕24号", "1987-04-01"),
    "medical-institution-regulation": ("医疗机构管理条例", "行政法规", "国务院", "国务院令第149号", "1994-09-01"),
    "labor-contract-law": ("中华人民共和国劳动合同法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第六十五号", "2008-01-01"),
    "human-resources-market-regulation": ("人力资源市场暂行条例", "行政法规", "国务院", "国务院令第700号", "2018-10-01"),
    "social-organization-regulation": ("社会团体登记管理条例", "行政法规", "国务院", "国务院令第250号", "1998-10-25"),
    "elderly-rights-law": ("中华人民共和国老年人权益保障法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第七十二号", "2013-07-01"),
    "real-estate-registration-regulation": ("不动产登记暂行条例", "行政法规", "国务院", "国务院令第656号", "2015-03-01"),
    "civil-code": ("中华人民共和国民法典", "法律", "全国人民代表大会", "中华人民共和国主席令第四十五号", "2021-01-01"),
    "urban-rural-planning-law": ("中华人民共和国城乡规划法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第七十四号", "2008-01-01"),
    "city-appearance-regulation": ("城市市容和环境卫生管理条例", "行政法规", "国务院", "国务院令第101号", "1992-08-01"),
    "urban-drainage-regulation": ("城镇排水与污水处理条例", "行政法规", "国务院", "国务院令第641号", "2014-01-01"),
    "fire-protection-law": ("中华人民共和国消防法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第六号", "2009-05-01"),
    "tobacco-monopoly-law": ("中华人民共和国烟草专卖法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第十号", "1992-01-01"),
    "private-education-law": ("中华人民共和国民办教育促进法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第八十号", "2003-09-01"),
    "road-transport-regulation": ("中华人民共和国道路运输条例", "行政法规", "国务院", "国务院令第406号", "2004-07-01"),
    "environmental-impact-law": ("中华人民共和国环境影响评价法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第七十七号", "2003-09-01"),
    "entertainment-venues-regulation": ("娱乐场所管理条例", "行政法规", "国务院", "国务院令第458号", "2006-03-01"),
    "pesticide-regulation": ("农药管理条例", "行政法规", "国务院", "国务院令第677号", "2017-06-01"),
    "water-law": ("中华人民共和国水法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第七十四号", "2002-10-01"),
    "construction-law": ("中华人民共和国建筑法", "法律", "全国人民代表大会常务委员会", "中华人民共和国主席令第九十一号", "1998-03-01"),
    "special-trades-measures": ("旅馆业治安管理办法", "部门规章", "公安部", "公安部令第1号", "1987-11-10"),
}

# id: (name, issuer, shared, license_type, description)
REGISTER_MATERIALS: dict[str, tuple[str, str, bool, str, str]] = {
    "id-card": ("居民身份证", "公安机关", False, "居民身份证", "窗口当场查验原件并人证比对，不留存复印件。"),
    "agent-id-card": ("代理人居民身份证", "公安机关", False, "居民身份证", "委托他人办理时受托代理人的居民身份证。"),
    "power-of-attorney": ("授权委托书", "申请人", False, "", "写明委托事项、权限和期限，由委托人签字或盖章。"),
    "lease-contract": ("房屋租赁合同", "出租人与承租人", False, "", "经营场所为租赁房屋时，证明对场所的合法使用权。"),
    "business-license": ("营业执照", "市场监督管理部门", True, "营业执照", "窗口通过电子证照库调取，申请人无需提交。"),
    "property-certificate": ("不动产权证书", "不动产登记机构", True, "不动产权证书", "窗口通过不动产登记信息共享获取。"),
    "household-register": ("居民户口簿", "公安机关", True, "居民户口簿", "窗口通过人口信息共享核验。"),
}
SHARED_REFS = tuple(k for k, v in REGISTER_MATERIALS.items() if v[2])


@dataclass(frozen=True)
class DeptSpec:
    """One kind of department: its name, window, laws and the subjects of its items."""

    key: str
    name: str
    short: str
    window: str
    laws: tuple[str, ...]
    subjects: tuple[str, ...]
    materials: tuple[str, ...]  # domain-specific material names ({s} = subject)
    conditions: tuple[str, ...]


DEPARTMENTS: tuple[DeptSpec, ...] = (
    DeptSpec("scjg", "市场监督管理局", "市场监管局", "市场监管", ("food-safety-law", "drug-administration-law", "special-equipment-law"),
             ("食品经营", "食品生产", "药品零售经营", "第二类医疗器械经营", "特种设备使用登记", "食品小作坊生产"),
             ("经营场所平面布局图", "主要设备设施布局图", "食品安全管理制度文本", "食品安全管理人员健康证明", "质量负责人学历证书", "设备设施清单"),
             ("有与经营品种和数量相适应的经营场所", "有专职或者兼职的食品安全管理人员", "有保证食品安全的规章制度文本")),
    DeptSpec("wsjk", "卫生健康局", "卫生健康局", "涉企经营许可", ("public-places-hygiene-regulation", "medical-institution-regulation"),
             ("公共场所卫生", "医疗机构执业", "母婴保健技术服务执业", "放射诊疗", "集中式供水单位卫生"),
             ("卫生管理制度文本", "从业人员健康合格证明", "场所卫生检测报告", "医疗机构平面布局图", "卫生技术人员执业证书"),
             ("经营场所的卫生条件符合 GB 37488-2019《公共场所卫生指标及限值要求》", "从业人员取得有效健康合格证明", "有健全的卫生管理制度")),
    DeptSpec("rlsb", "人力资源和社会保障局", "人力社保局", "社会服务", ("labor-contract-law", "human-resources-market-regulation"),
             ("劳务派遣经营", "人力资源服务", "职业技能培训机构办学", "特殊工时工作制审批"),
             ("劳务派遣管理制度文本", "专职工作人员名单及劳动合同", "经营场所使用权证明", "工作制度实施方案"),
             ("注册资本不少于人民币二百万元", "有与开展业务相适应的固定经营场所和设施", "有劳务派遣管理制度，符合《中华人民共和国劳动合同法》第五章第二节的规定")),
    DeptSpec("mz", "民政局", "民政局", "社会服务", ("social-organization-regulation", "elderly-rights-law"),
             ("社会团体成立登记", "民办非企业单位登记", "养老机构备案", "慈善组织认定"),
             ("章程草案", "拟任负责人基本情况表", "住所使用权证明", "验资报告", "发起人名单"),
             ("有规范的名称和组织机构", "有固定的住所", "有与业务活动相适应的专职工作人员")),
    DeptSpec("bdc", "不动产登记中心", "不动产登记中心", "不动产登记与交易", ("real-estate-registration-regulation", "civil-code"),
             ("国有建设用地使用权首次登记", "房屋所有权转移登记", "抵押权登记", "地役权登记", "预告登记"),
             ("不动产登记申请书", "不动产买卖合同", "抵押合同", "完税凭证", "地籍调查表"),
             ("申请登记的不动产权属清楚", "申请人与登记簿记载的权利人一致")),
    DeptSpec("zrgh", "自然资源和规划局", "自然资源规划局", "投资项目审批", ("urban-rural-planning-law",),
             ("建设工程规划许可", "建设用地规划许可", "临时建设工程规划许可", "乡村建设规划许可"),
             ("建设工程设计方案总平面图", "建设项目批准文件", "建设工程设计方案文本", "土地出让合同"),
             ("建设项目符合控制性详细规划", "建设工程设计方案通过审查")),
    DeptSpec("cgj", "城市管理局", "城管局", "涉企经营许可", ("city-appearance-regulation", "urban-drainage-regulation"),
             ("户外广告设施设置", "建筑垃圾处置核准", "城镇污水排入排水管网许可", "城市道路占用挖掘", "燃气经营"),
             ("设施设计效果图", "排水户内部排水管网图", "建筑垃圾运输车辆清单", "施工安全保障方案"),
             ("设置位置符合户外广告设施设置规划", "运输车辆全密闭并安装行驶及装卸记录仪，有经核准的处置场所")),
    DeptSpec("xfjy", "消防救援大队", "消防救援大队", "涉企经营许可", ("fire-protection-law",),
             ("公众聚集场所投入使用营业前消防安全检查", "建设工程消防验收"),
             ("消防安全制度文本", "消防设施平面布置图", "消防安全管理人员名单", "场所平面布置图"),
             ("消防设施符合 GB 50016-2014《建筑设计防火规范》", "已建立消防安全制度和操作规程")),
    DeptSpec("yczm", "烟草专卖局", "烟草专卖局", "涉企经营许可", ("tobacco-monopoly-law",),
             ("烟草专卖零售", "烟草专卖批发企业"),
             ("经营场所方位图", "经营者承诺书"),
             ("有与经营烟草制品零售业务相适应的资金", "有固定的经营场所")),
    DeptSpec("jyj", "教育局", "教育局", "社会服务", ("private-education-law",),
             ("民办学校办学", "校外培训机构办学", "教师资格认定"),
             ("办学章程", "教学场所平面图", "拟聘教师名册及资格证书", "办学资金验资报告"),
             ("有合格的教师和管理人员", "有与办学规模相适应的教学场所")),
    DeptSpec("jtj", "交通运输局", "交通运输局", "涉企经营许可", ("road-transport-regulation",),
             ("道路货物运输经营", "道路旅客运输经营", "机动车维修经营", "出租汽车经营"),
             ("车辆行驶证", "驾驶人员从业资格证", "安全生产管理制度文本", "停车场地租用协议"),
             ("有与经营业务相适应并经检测合格的车辆", "驾驶人员持有准驾车型与所驾车辆一致的机动车驾驶证")),
    DeptSpec("sthj", "生态环境局", "生态环境局", "投资项目审批", ("environmental-impact-law",),
             ("建设项目环境影响报告表审批", "排污许可"),
             ("环境影响报告表", "污染防治设施运行记录", "排污口规范化设置图"),
             ("建设项目符合生态环境保护规划", "污染物排放符合 GB 8978-1996《污水综合排放标准》")),
    DeptSpec("wlj", "文化广电旅游局", "文广旅局", "涉企经营许可", ("entertainment-venues-regulation",),
             ("娱乐场所经营", "互联网上网服务营业场所经营", "营业性演出", "旅行社设立"),
             ("场所平面示意图", "安全防范措施说明", "投资人名单"),
             ("有与经营规模相适应的场所", "经营场所距中小学校边界不少于二百米")),
    DeptSpec("nyj", "农业农村局", "农业农村局", "涉企经营许可", ("pesticide-regulation",),
             ("农药经营", "兽药经营", "种子生产经营", "动物防疫条件审查"),
             ("仓储设施清单", "专业技术人员学历证书", "质量管理制度文本"),
             ("有具备专业知识的技术人员", "有与经营规模相适应的营业场所和仓储场所")),
    DeptSpec("slj", "水利局", "水利局", "投资项目审批", ("water-law",),
             ("取水许可", "河道管理范围内建设项目审批", "水土保持方案审批"),
             ("水资源论证报告书", "取水工程设计图", "水土保持方案报告书"),
             ("取水符合水资源综合规划", "建设项目不影响河势稳定")),
    DeptSpec("ga", "公安分局", "公安分局", "涉企经营许可", ("special-trades-measures",),
             ("旅馆业特种行业", "印章刻制业特种行业", "公章刻制备案"),
             ("治安保卫制度文本", "旅馆平面示意图", "保安人员名单"),
             ("有健全的治安保卫制度", "有防盗报警和视频监控设施")),
    DeptSpec("zjj", "住房和城乡建设局", "住建局", "投资项目审批", ("construction-law",),
             ("建筑工程施工许可", "商品房预售许可", "房屋建筑工程竣工验收备案"),
             ("施工合同", "施工图设计文件审查合格书", "工程质量监督手续登记表", "商品房预售方案"),
             ("已经办理该建筑工程用地批准手续", "有满足施工需要的资金安排和施工图纸")),
)

# (name suffix, item type, type code in the item code, output type, output name pattern)
ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("（新办）", "行政许可", "XK", "证照", "{s}许可证"),
    ("（变更）", "行政许可", "XK", "证照", "{s}许可证"),
    ("（延续）", "行政许可", "XK", "证照", "{s}许可证"),
    ("（注销）", "行政许可", "XK", "批文", "准予注销{s}决定书"),
    ("（补证）", "行政许可", "XK", "证照", "{s}许可证"),
    ("备案", "其他行政权力", "QT", "其他", "{s}备案回执"),
    ("确认", "行政确认", "QR", "批文", "{s}确认书"),
    ("信息查询", "公共服务", "GG", "其他", "{s}信息查询结果"),
)

SCOPES = ("", "", "", "（仅销售预包装食品）", "（含网络经营）", "（连锁门店）", "（个体工商户）", "（告知承诺制）",
          "（分支机构）", "（跨区迁入）")

GENERAL_MATERIALS: tuple[tuple[str, str], ...] = (
    ("commitment", "申请人承诺书"),
    ("site-photos", "经营场所外景照片"),
    ("site-map", "经营场所方位示意图"),
    ("staff-list", "从业人员名单"),
    ("legal-rep-form", "法定代表人任职文件"),
    ("articles", "公司章程"),
)

REVIEW_POINTS = (
    "申请人签字或盖章齐全", "填写内容与营业执照记载一致", "复印件注明“与原件一致”并签字",
    "材料在有效期内", "图纸标明比例尺和方位", "证件照片与本人相符", "日期填写完整",
    "人员信息与身份证件一致", "页码连续且无涂改",
)

CALLOUTS = ("在此填写申请人全称，与营业执照一致", "经营场所地址写到门牌号", "法定代表人签字", "加盖申请单位公章",
            "勾选申请的经营项目", "填写联系电话，便于窗口联系补正")

FAQ = (
    ("{s}可以网上办理吗？", "可以。登录政务服务网搜索“{s}”，按提示上传材料，审查通过后可选择邮寄送达。"),
    ("办理{s}需要本人到场吗？", "法定代表人无法到场的，可以委托代理人办理，需携带授权委托书和代理人居民身份证。"),
    ("{s}材料不齐全怎么办？", "窗口当场出具一次性告知书，列明需补正的材料；容缺材料可先受理、在期限内补交。"),
    ("{s}办理进度在哪里查询？", "可在政务服务网“我的办件”中查询，也可拨打部门咨询电话查询。"),
)

NOTES = (
    "申请人对所提交材料的真实性负责。",
    "复印件须注明“与原件一致”并由申请人签字或盖章。",
    "告知承诺制办理的，部门将在两个月内进行核查。",
)

VISIT_REASONS = (
    "需现场核验申请人身份并签署告知承诺书",
    "需现场核验原件并领取纸质证照",
    "需现场核验身份并配合经营场所现场核查",
)

DATES = ("2023-01-01", "2023-07-01", "2024-01-01", "2024-03-01", "2024-07-01", "2025-01-01")

BUNDLE_TOPICS = (
    ("restaurant", "我要开餐馆"), ("convenience-store", "我要开便利店"), ("pharmacy", "我要开药店"),
    ("beauty-salon", "我要开美容店"), ("gym", "我要开健身房"), ("internet-cafe", "我要开网吧"),
    ("hotel", "我要开宾馆"), ("kindergarten", "我要办幼儿园"), ("training", "我要开培训机构"),
    ("bookstore", "我要开书店"), ("farm-stay", "我要开农家乐"), ("logistics", "我要开物流公司"),
    ("clinic", "我要开诊所"), ("elderly-care", "我要办养老机构"), ("new-house", "我要买新房"),
)

SAMPLE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400">
  <title>申请书填写示例</title>
  <rect x="0" y="0" width="600" height="400" fill="#ffffff" stroke="#333333" stroke-width="2"/>
  <text x="300" y="40" font-size="24" text-anchor="middle" font-family="sans-serif">许可申请书</text>
  <text x="40" y="100" font-size="16" font-family="sans-serif">申请人名称：</text>
  <rect x="160" y="80" width="400" height="30" fill="none" stroke="#999999"/>
  <text x="40" y="160" font-size="16" font-family="sans-serif">经营场所：</text>
  <rect x="160" y="140" width="400" height="30" fill="none" stroke="#999999"/>
  <text x="40" y="220" font-size="16" font-family="sans-serif">经营项目：</text>
  <rect x="160" y="200" width="400" height="30" fill="none" stroke="#999999"/>
  <text x="40" y="340" font-size="16" font-family="sans-serif">法定代表人（签字）：</text>
  <text x="380" y="340" font-size="16" font-family="sans-serif">（盖章）</text>
</svg>
"""

LICENCE_SAMPLE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400">
  <title>许可证样本</title>
  <rect x="0" y="0" width="600" height="400" fill="#fffdf4" stroke="#b8860b" stroke-width="6"/>
  <text x="300" y="60" font-size="26" text-anchor="middle" font-family="sans-serif">许可证（副本）</text>
  <text x="60" y="130" font-size="16" font-family="sans-serif">经营者名称：</text>
  <text x="60" y="180" font-size="16" font-family="sans-serif">经营场所：</text>
  <text x="60" y="230" font-size="16" font-family="sans-serif">许可范围：</text>
  <text x="60" y="280" font-size="16" font-family="sans-serif">有效期至：</text>
  <text x="300" y="250" font-size="90" fill="#cc0000" opacity="0.15" text-anchor="middle" font-family="sans-serif">样 本</text>
  <text x="440" y="360" font-size="16" font-family="sans-serif">发证机关（盖章）</text>
</svg>
"""
