"""Han characters to Latin: pinyin syllables plus Wade-Giles and Cantonese surname spellings.

Chinese names reach the lists in many romanisations: mainland pinyin (Zhang Wei),
Taiwanese Wade-Giles (Chang Wei), Hong Kong Cantonese (Cheung Wai). Each character
becomes one slot whose alternatives hold the pinyin syllable, its Wade-Giles form
and, for the surname, the spellings people actually use. Given names stay split
into syllables; the scorer joins adjacent syllables when the other side wrote them
as one word ("Xiaoming" vs "Xiao Ming"), and alignment is order-free, so both
surname-first and given-name-first orders match.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from .base import RawSlot, dedupe
from .han_names import FOREIGN_GIVEN_NAMES
from .han_words import CHARACTER_MEANINGS, CHINESE_PLACES, CONJUNCTIONS, DESCRIPTIVE_WORDS, INSTITUTION_WORDS
from .transcription import MIN_KEY, TRANSCRIPTION_MARK, key_len, pinyin_keys

# Common surnames: pinyin first, then Wade-Giles, Cantonese, Hokkien and other usual spellings.
SURNAMES: dict[str, tuple[str, ...]] = {
    "王": ("wang", "wong", "ong", "heng"),
    "李": ("li", "lee", "lei", "lie", "ly"),
    "张": ("zhang", "chang", "cheung", "teo", "chong"),
    "張": ("zhang", "chang", "cheung", "teo", "chong"),
    "刘": ("liu", "lau", "lao", "low"),
    "劉": ("liu", "lau", "lao", "low"),
    "陈": ("chen", "chan", "tan", "chin", "chern"),
    "陳": ("chen", "chan", "tan", "chin", "chern"),
    "杨": ("yang", "yeung", "young", "yeo"),
    "楊": ("yang", "yeung", "young", "yeo"),
    "黄": ("huang", "wong", "hwang", "ng", "oei"),
    "黃": ("huang", "wong", "hwang", "ng", "oei"),
    "赵": ("zhao", "chao", "chiu", "chew"),
    "趙": ("zhao", "chao", "chiu", "chew"),
    "吴": ("wu", "ng", "goh", "woo"),
    "吳": ("wu", "ng", "goh", "woo"),
    "周": ("zhou", "chou", "chow", "chau", "chew"),
    "徐": ("xu", "hsu", "tsui", "chui", "hsue", "syu"),
    "孙": ("sun", "suen", "soon"),
    "孫": ("sun", "suen", "soon"),
    "马": ("ma", "mah", "mar"),
    "馬": ("ma", "mah", "mar"),
    "朱": ("zhu", "chu", "chu", "choo"),
    "胡": ("hu", "wu", "woo", "foo"),
    "郭": ("guo", "kuo", "kwok", "kwek", "quek"),
    "何": ("he", "ho", "hoh"),
    "高": ("gao", "kao", "ko", "koh"),
    "林": ("lin", "lam", "lim", "lum"),
    "罗": ("luo", "lo", "law", "loh"),
    "羅": ("luo", "lo", "law", "loh"),
    "郑": ("zheng", "cheng", "cheang", "tay", "chang"),
    "鄭": ("zheng", "cheng", "cheang", "tay", "chang"),
    "梁": ("liang", "leung", "neo", "leong"),
    "谢": ("xie", "hsieh", "tse", "chia", "seah"),
    "謝": ("xie", "hsieh", "tse", "chia", "seah"),
    "宋": ("song", "sung", "soong"),
    "唐": ("tang", "tong", "tung"),
    "许": ("xu", "hsu", "hui", "koh", "khoo", "syu"),
    "許": ("xu", "hsu", "hui", "koh", "syu"),
    "韩": ("han", "hon", "hahn"),
    "韓": ("han", "hon", "hahn"),
    "冯": ("feng", "fung", "fong"),
    "馮": ("feng", "fung", "fong"),
    "邓": ("deng", "teng", "tang"),
    "鄧": ("deng", "teng", "tang"),
    "曹": ("cao", "tsao", "cho", "tso"),
    "彭": ("peng", "pang", "phang"),
    "曾": ("zeng", "tseng", "tzeng", "tsang", "chan"),
    "柯": ("ke", "ko", "kho", "ker", "kua"),
    "萧": ("xiao", "hsiao", "siu", "siew"),
    "蕭": ("xiao", "hsiao", "siu", "siew"),
    "田": ("tian", "tien", "tin"),
    "董": ("dong", "tung"),
    "潘": ("pan", "poon", "phua"),
    "袁": ("yuan", "yuen"),
    "蔡": ("cai", "tsai", "choi", "chua"),
    "蒋": ("jiang", "chiang", "tseung"),
    "蔣": ("jiang", "chiang", "tseung"),
    "余": ("yu", "yue", "yee", "u"),
    "于": ("yu", "yue", "yee"),
    "杜": ("du", "tu", "to"),
    "叶": ("ye", "yeh", "yip", "yap"),
    "葉": ("ye", "yeh", "yip", "yap"),
    "程": ("cheng", "ching"),
    "魏": ("wei", "ngai"),
    "苏": ("su", "so", "soh"),
    "蘇": ("su", "so", "soh"),
    "吕": ("lu", "lyu", "lv", "lui", "lui"),
    "呂": ("lu", "lyu", "lv", "lui"),
    "丁": ("ding", "ting"),
    "任": ("ren", "jen", "yam"),
    "沈": ("shen", "shum", "sim"),
    "姚": ("yao", "yiu"),
    "卢": ("lu", "lo", "lou"),
    "盧": ("lu", "lo", "lou"),
    "姜": ("jiang", "chiang", "keung"),
    "崔": ("cui", "tsui", "choi"),
    "钟": ("zhong", "chung", "chong"),
    "鍾": ("zhong", "chung", "chong"),
    "谭": ("tan", "tam", "tham"),
    "譚": ("tan", "tam", "tham"),
    "陆": ("lu", "luk"),
    "陸": ("lu", "luk"),
    "汪": ("wang", "wong"),
    "范": ("fan", "faan"),
    "金": ("jin", "chin", "kim", "kam"),
    "石": ("shi", "shih", "shek"),
    "廖": ("liao", "liu", "liew"),
    "贾": ("jia", "chia", "ka"),
    "賈": ("jia", "chia", "ka"),
    "夏": ("xia", "hsia", "ha"),
    "韦": ("wei", "wai"),
    "韋": ("wei", "wai"),
    "方": ("fang", "fong", "hong"),
    "白": ("bai", "pai", "pak"),
    "邹": ("zou", "tsou", "chau"),
    "鄒": ("zou", "tsou", "chau"),
    "孟": ("meng", "mang"),
    "熊": ("xiong", "hsiung", "hung"),
    "秦": ("qin", "chin", "chun"),
    "邱": ("qiu", "chiu", "yau", "khoo"),
    "江": ("jiang", "chiang", "kong"),
    "尹": ("yin", "wan"),
    "薛": ("xue", "hsueh", "sit"),
    "闫": ("yan", "yen"),
    "段": ("duan", "tuan", "tuen"),
    "雷": ("lei", "lui"),
    "侯": ("hou", "hau"),
    "龙": ("long", "lung"),
    "龍": ("long", "lung"),
    "史": ("shi", "shih", "sze"),
    "陶": ("tao", "to"),
    "黎": ("li", "lai", "le"),
    "贺": ("he", "ho"),
    "顾": ("gu", "ku", "koo"),
    "顧": ("gu", "ku", "koo"),
    "毛": ("mao", "mo"),
    "郝": ("hao",),
    "龚": ("gong", "kung"),
    "邵": ("shao", "siu"),
    "万": ("wan", "man"),
    "覃": ("qin", "tam"),
    "武": ("wu", "mo"),
    "戴": ("dai", "tai"),
    "孔": ("kong", "kung", "hung"),
    "习": ("xi", "hsi"),
    "習": ("xi", "hsi"),
    "温": ("wen", "wan"),
    "溫": ("wen", "wan"),
    "单": ("shan",),
    "区": ("ou", "au"),
    "仇": ("qiu", "chou"),
    "解": ("xie",),
    "朴": ("piao", "park", "pak"),
}
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳",
        "歐陽",
        "司马",
        "司馬",
        "诸葛",
        "諸葛",
        "上官",
        "司徒",
        "东方",
        "東方",
        "皇甫",
        "令狐",
        "慕容",
        "夏侯",
        "公孙",
        "公孫",
        "长孙",
        "長孫",
        "尉迟",
        "宇文",
        "独孤",
    }
)
# Frequent organisation words, translated: lists write "Technology Co.", not "Keji".
WORD_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "科技": ("technology", "tech", "technologies"),
    "科贸": ("technology trade", "technology trading"),
    "工贸": ("industry trade", "industrial trading"),
    "技术": ("technology", "technologies"),
    "技術": ("technology",),
    "电子": ("electronic", "electronics"),
    "電子": ("electronic", "electronics"),
    "集团": ("group",),
    "集團": ("group",),
    "国际": ("international",),
    "國際": ("international",),
    "贸易": ("trading", "trade"),
    "貿易": ("trading", "trade"),
    "工业": ("industrial", "industry", "industries"),
    "工業": ("industrial", "industry", "industries"),
    "实业": ("industrial", "industry"),
    "航空": ("aviation", "aeronautics", "aeronautical", "aero", "air"),
    "航天": ("aerospace", "astronautics", "space"),
    "信息": ("information",),
    "石化": ("petrochemical",),
    "进出口": ("import export",),
    "研究所": ("research institute", "institute"),
    "研究院": ("research institute", "academy"),
    "大学": ("university",),
    "大學": ("university",),
    "银行": ("bank",),
    "銀行": ("bank",),
    "中国": ("china",),
    "中國": ("china",),
    "香港": ("hong kong", "hongkong", "hk", "xianggang"),
    "澳门": ("macau", "macao"),
    "机械": ("machinery",),
    "设备": ("equipment",),
    "软件": ("software",),
    "网络": ("network",),
    "能源": ("energy",),
    "控股": ("holding", "holdings"),
    "投资": ("investment",),
    "船舶": ("shipping", "shipbuilding"),
    "物流": ("logistics",),
    "光电": ("optoelectronic", "optoelectronics"),
    "半导体": ("semiconductor",),
    "半導體": ("semiconductor",),
    "发展": ("development",),
    "發展": ("development",),
    "供应链": ("supply chain",),
    "供應鏈": ("supply chain",),
    "管理": ("management",),
    "数控": ("cnc",),
    "數控": ("cnc",),
    "机床": ("machine tool", "machine tools"),
    "機床": ("machine tool", "machine tools"),
    "零部件": ("components", "parts"),
    "元件": ("components",),
    "智能": ("intelligent", "smart"),
    "货运": ("freight",),
    "貨運": ("freight",),
    "代理": ("forwarding", "agency"),
    "海运": ("shipping",),
    "海運": ("shipping",),
    "船务": ("shipping",),
    "船務": ("shipping",),
    "航运": ("shipping",),
    "航運": ("shipping",),
    "世纪": ("century",),
    "世紀": ("century",),
    "精密": ("precision",),
    "制造": ("manufacturing",),
    "製造": ("manufacturing",),
    "生产": ("production",),
    "生產": ("production",),
    "建设": ("construction",),
    "建設": ("construction",),
    "公安局": ("public security bureau",),
    "兵团": ("corps",),
    "兵團": ("corps",),
    "联合": ("joint", "united"),
    "聯合": ("joint", "united"),
    "商行": ("trading",),
    "研究中心": ("research center", "research centre"),
    "中心": ("center", "centre"),
    "工程": ("engineering",),
    "系统": ("systems", "system"),
    "系統": ("systems", "system"),
    "科学": ("science",),
    "科學": ("science",),
    "材料": ("materials",),
    "化工": ("chemical",),
    "医药": ("pharmaceutical",),
    "醫藥": ("pharmaceutical",),
    "电力": ("power", "electric power"),
    "電力": ("power", "electric power"),
    "通信": ("communication", "communications"),
    "电信": ("telecom", "telecommunications"),
    "電信": ("telecom", "telecommunications"),
    "数据": ("data",),
    "數據": ("data",),
    "仪器": ("instruments", "instrument"),
    "儀器": ("instruments", "instrument"),
    "汽车": ("automotive", "automobile"),
    "汽車": ("automotive", "automobile"),
    "导弹": ("missile",),
    "導彈": ("missile",),
    "国防": ("defense", "defence"),
    "國防": ("defense", "defence"),
    "学院": ("institute", "academy", "college"),
    "學院": ("institute", "academy", "college"),
    "实验室": ("laboratory", "laboratories", "lab", "labs"),
    "實驗室": ("laboratory", "laboratories", "lab", "labs"),
    "亚欧": ("asia europe",),
    "亞歐": ("asia europe",),
    "内蒙古": ("inner mongolia",),
    "內蒙古": ("inner mongolia",),
    "澳門": ("macau", "macao"),
    "台湾": ("taiwan",),
    "臺灣": ("taiwan",),
    "台灣": ("taiwan",),
    # Words of the names of foreign organisations and of defence and technology firms.
    "航空航天": ("aerospace",),
    "宇航": ("aerospace", "astronautics"),
    "空间": ("space",),
    "激光": ("laser",),
    "卫星": ("satellite",),
    "无人机": ("drones", "drone", "unmanned aerial"),
    "机器人": ("robotics", "robot"),
    "防务": ("defense", "defence"),
    "通用": ("general",),
    "动力": ("dynamics", "power"),
    "解决方案": ("solutions",),
    "服务": ("services", "service"),
    "风险投资": ("ventures",),
    "太平洋": ("pacific",),
    "海事": ("maritime",),
    "海洋": ("marine", "ocean"),
    "重工": ("heavy industries",),
    "电机": ("electric",),
    "电气": ("electric",),
    "電氣": ("electric",),
    "传感器": ("sensor", "sensors"),
    "运营": ("operations",),
    "安全": ("security",),
    "论坛": ("forum",),
    "企业": ("enterprises", "enterprise"),
    "飞行": ("flight",),
    "光子": ("photonics",),
    "武器": ("weapons", "armaments"),
    "车辆": ("vehicles",),
    "卡车": ("trucks",),
    "委员会": ("committee", "council", "commission"),
    "委員會": ("committee", "council", "commission"),
    "基金会": ("foundation", "fund"),
    "基金會": ("foundation", "fund"),
    "人权": ("human rights",),
    "人權": ("human rights",),
    "民主": ("democracy", "democratic", "democracies", "democrats"),
    "联盟": ("alliance", "union", "coalition"),
    "聯盟": ("alliance", "union", "coalition"),
    "研究": ("research", "studies", "study"),
    "观察": ("watch",),
    "美国": ("america", "american", "us", "usa"),
    "美國": ("america", "american", "us", "usa"),
    "国家": ("national",),
    "國家": ("national",),
    "亚洲": ("asia", "asian"),
    "欧洲": ("europe", "european"),
    # Administrative divisions in company names ("黑龙江省…", "义乌市…"): English often drops them
    # (see ADMINISTRATIVE_WORDS).
    "省": ("province",),
    "市": ("city",),
    "县": ("county",),
    "縣": ("county",),
    "区": ("district",),
    "區": ("district",),
}
# The general vocabulary of institutions and trades (see :mod:`.han_words`); the entries
# above win where both have a word.
WORD_TRANSLATIONS = {**INSTITUTION_WORDS, **WORD_TRANSLATIONS}
ADMINISTRATIVE_WORDS = frozenset("省市县縣区區")
# Places whose English name is not their joined pinyin, or is longer than two syllables
# (only two adjacent syllables are joined): 黑龙江 Heilongjiang, 陕西 Shaanxi, 西藏 Tibet.
PLACE_NAMES: dict[str, tuple[str, ...]] = {
    "黑龙江": ("heilongjiang",),
    "黑龍江": ("heilongjiang",),
    "哈尔滨": ("harbin",),
    "哈爾濱": ("harbin",),
    "石家庄": ("shijiazhuang",),
    "乌鲁木齐": ("urumqi", "wulumuqi"),
    "呼和浩特": ("hohhot", "huhehaote"),
    "连云港": ("lianyungang",),
    "张家口": ("zhangjiakou",),
    "秦皇岛": ("qinhuangdao",),
    "齐齐哈尔": ("qiqihar",),
    "鄂尔多斯": ("ordos",),
    "马鞍山": ("maanshan",),
    "景德镇": ("jingdezhen",),
    "攀枝花": ("panzhihua",),
    "陕西": ("shaanxi",),
    "陝西": ("shaanxi",),
    "西藏": ("tibet", "xizang"),
    "广州": ("guangzhou", "canton"),
    "廣州": ("guangzhou", "canton"),
    "厦门": ("xiamen", "amoy"),
    "廈門": ("xiamen", "amoy"),
    "台北": ("taipei",),
    "臺北": ("taipei",),
    "高雄": ("kaohsiung",),
    "台中": ("taichung",),
    "臺中": ("taichung",),
    "新竹": ("hsinchu",),
    "台南": ("tainan",),
    "臺南": ("tainan",),
    "桃园": ("taoyuan",),
    "桃園": ("taoyuan",),
}
NAME_SEPARATORS = "·・•‧･"

_WG_SPECIAL: dict[str, str] = {
    "zhi": "chih",
    "chi": "chih",
    "shi": "shih",
    "ri": "jih",
    "zi": "tzu",
    "ci": "tzu",
    "si": "ssu",
    "you": "yu",
    "yi": "i",
    "ye": "yeh",
    "yan": "yen",
    "er": "erh",
    "e": "o",
    "ge": "ko",
    "ke": "ko",
    "he": "ho",
    "de": "te",
    "ze": "tse",
    "ce": "tse",
    "zhe": "che",
    "re": "je",
    "yong": "yung",
}
_WG_INITIALS: tuple[tuple[str, str], ...] = (
    ("zh", "ch"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("z", "ts"),
    ("c", "ts"),
    ("q", "ch"),
    ("j", "ch"),
    ("x", "hs"),
    ("r", "j"),
    ("b", "p"),
    ("d", "t"),
    ("g", "k"),
)


@lru_cache(maxsize=4096)
def wade_giles(syllable: str) -> str:
    """An approximate Wade-Giles spelling of one pinyin syllable, without apostrophes or umlauts.

    Taiwanese names and older Western sources use Wade-Giles; apostrophes are
    punctuation to the normaliser anyway, so aspirated and plain initials coincide.
    """
    if syllable in _WG_SPECIAL:
        return _WG_SPECIAL[syllable]
    initial, final = "", syllable
    for py, wg in _WG_INITIALS:
        if syllable.startswith(py):
            initial, final = wg, syllable[len(py) :]
            break
    final = final.replace("iong", "iung").replace("ong", "ung")
    if final.endswith("ian"):  # "xian" -> "hsien", but "jiang" -> "chiang"
        final = final[:-3] + "ien"
    if final.endswith("ie") or (final.endswith("ue") and initial in ("hs", "ch", "")):
        final += "h"
    if initial in ("ch", "ts", "ss") and final == "uo":
        final = "o"
    return initial + final


# Taiwan writes given names in Wade-Giles (Hsi, Szu, Po) and, since 2002, also in Tongyong
# pinyin (Si, Jhih, Syu): x, q and zh become s, c and jh; the buzzing i after zh, ch, sh and
# r is written ih (after z, c and s too, but zih, cih and sih are rare in names and would
# bring si within an edit of shih); ü after j, q and x is yu.
_TONGYONG_INITIALS = {"zh": "jh", "q": "c", "x": "s"}
_TONGYONG_SPECIAL = {"wen": "wun", "weng": "wong"}
_PINYIN_INITIAL = re.compile(r"(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])?(.*)")
_APICAL = frozenset(("zh", "ch", "sh", "r"))
_WG_EXTRA: dict[str, tuple[str, ...]] = {"ssu": ("szu", "sze"), "tzu": ("tsu",)}


@lru_cache(maxsize=4096)
def tongyong(syllable: str) -> str:
    """The Tongyong pinyin spelling of one Hanyu pinyin syllable (``ü`` written ``u``)."""
    if syllable in _TONGYONG_SPECIAL:
        return _TONGYONG_SPECIAL[syllable]
    m = _PINYIN_INITIAL.match(syllable)
    initial, final = (m.group(1) or "", m.group(2)) if m else ("", syllable)
    if initial in _APICAL and final == "i":
        final = "ih"
    elif initial in ("j", "q", "x") and final.startswith("u"):
        final = "y" + final
    if final == "iong":
        final = "yong"
    elif final == "eng" and initial == "f":
        final = "ong"
    return _TONGYONG_INITIALS.get(initial, initial) + final


# Characters whose reading in given names differs from their default pinyin (柏 bai, but 王柏融 Wang Po-jung).
NAME_READINGS: dict[str, tuple[str, ...]] = {"柏": ("bo", "bai")}


@lru_cache(maxsize=8192)
def pinyin_syllable(char: str) -> str:
    """The default pinyin reading of one character, ``ü`` written ``u``."""
    reading = lazy_pinyin(char, style=Style.NORMAL, errors="ignore", v_to_u=True)
    return reading[0].replace("ü", "u") if reading else ""


def _syllable_slot(char: str, role: str) -> RawSlot | None:
    if role == "surname" and char in SURNAMES:
        spellings = SURNAMES[char]
        return RawSlot(dedupe([*spellings, tongyong(spellings[0])]), char, "pinyin+surname-table", role)
    readings = NAME_READINGS.get(char) or (pinyin_syllable(char),)
    if not readings[0]:
        return None
    alts: list[str] = []
    for py in readings:
        wg = wade_giles(py)
        alts += [py, wg, *_WG_EXTRA.get(wg, ())]
        if py[0] == "x":  # Tongyong's most used difference (Si, Sin); the others cost speed
            alts.append(tongyong(py))
        if "v" in py:
            alts.append(py.replace("v", "u"))
    return RawSlot(dedupe(alts), char, "pinyin+wade-giles", role)


def _translation_slots(word: str) -> list[RawSlot]:
    """One slot per English word of a translated word; other translations are its alternatives.

    ``("machine tool", "machine tools")`` gives the slots machine and tool/tools; a one-word
    alternative of a longer phrase (香港: "hong kong", "hongkong") goes to the first slot.
    """
    phrases = [p.split() for p in WORD_TRANSLATIONS[word]]
    first = phrases[0]
    slots: list[RawSlot] = []
    for k in range(len(first)):
        alts = [p[k] for p in phrases if len(p) == len(first)]
        if k == 0 and len(first) > 1:
            alts += [p[0] for p in phrases if len(p) == 1]
        role = "particle" if word in ADMINISTRATIVE_WORDS else "generic"
        slots.append(RawSlot(dedupe(alts), word, "translation", role))
    return slots


def _joined_pinyin(word: str) -> str:
    return "".join(pinyin_syllable(c) for c in word)


def _joined_slot(chars: list[str]) -> RawSlot | None:
    """One slot for a word of several characters: its joined pinyin and joined Wade-Giles."""
    syllables = [pinyin_syllable(c) for c in chars]
    if not all(syllables):
        return None
    return RawSlot(
        dedupe(["".join(syllables), "".join(wade_giles(s) for s in syllables)]),
        "".join(chars),
        "pinyin-joined",
        "",
    )


def _descriptive_slots(word: str) -> list[RawSlot]:
    """A word of a company's own name, in English and as joined pinyin (环球: universal, huanqiu).

    One slot per English word of the first translation, as names; the joined pinyin is
    one more spelling of the first slot, and a one-word translation of a longer phrase too.
    """
    phrases = [p.split() for p in DESCRIPTIVE_WORDS[word]]
    first = phrases[0]
    joined = _joined_pinyin(word)
    slots: list[RawSlot] = []
    for k in range(len(first)):
        alts = [p[k] for p in phrases if len(p) == len(first)]
        if k == 0:
            alts += [p[0] for p in phrases if len(p) == 1 and len(first) > 1]
            alts.append(joined)
        slots.append(RawSlot(dedupe(alts), word, "translation+pinyin", ""))
    return slots


def _word_slots(text: str, *, foreign: bool = False) -> list[RawSlot]:
    """Slots for an organisation-like run: known words translated, other characters as pinyin.

    A stretch of untranslated characters that reads as a transcribed foreign word
    (埃克索维拉, Exovera) becomes one slot, like a segment of a foreign personal name.
    ``foreign`` says the name is written in segments with a name separator (洛克希德·马丁公司):
    then any stretch of two transcription characters or more is such a word (马丁, Martin).
    """
    slots: list[RawSlot] = []
    pending: list[str] = []

    def flush() -> None:
        if _looks_transcribed(pending) or (
            foreign and len(pending) >= 2 and all(c in TRANSCRIPTION_CHARS for c in pending)
        ):
            slots.extend(_transcription_slots(pending))
        elif len(pending) == 3:
            # A company's own name of three characters is romanised as one word (佰联升
            # Bailiansheng): the scorer joins only two syllables written apart. Four are
            # more often two words (兴华恒成, Xinghua Hengcheng) and stay syllables.
            slot = _joined_slot(pending)
            if slot is not None:
                slots.append(slot)
        else:
            for char in pending:
                slot = _syllable_slot(char, "")
                if slot is not None and char in CHARACTER_MEANINGS:
                    slot = RawSlot(
                        dedupe([*slot.alts, *CHARACTER_MEANINGS[char]]), char, "pinyin+meaning", ""
                    )
                if slot is not None:
                    slots.append(slot)
        pending.clear()

    i = 0
    while i < len(text):
        for size in (4, 3, 2, 1):
            word = text[i : i + size]
            if len(word) == size and word in PLACE_NAMES:
                flush()
                slots.append(RawSlot(PLACE_NAMES[word], word, "place-name", ""))
                i += size
                break
            if len(word) == size and word in WORD_TRANSLATIONS:
                flush()
                slots.extend(_translation_slots(word))
                i += size
                break
            if len(word) == size and word in CHINESE_PLACES:
                # A boundary before the company's own name; the place stays syllables.
                flush()
                slots.extend(slot for char in word if (slot := _syllable_slot(char, "")) is not None)
                i += size
                break
            if len(word) == size and word in DESCRIPTIVE_WORDS:
                flush()
                slots.extend(_descriptive_slots(word))
                i += size
                break
            if size == 1 and word in CONJUNCTIONS:
                flush()
                slots.append(RawSlot(CONJUNCTIONS[word], word, "translation", "particle"))
                i += 1
                break
        else:
            pending.append(text[i])
            i += 1
    flush()
    return slots


# Characters Chinese uses to write foreign sounds. A stretch made only of these, with at
# least two of the STRONG ones (rare in Chinese names and brands), is read as a transcription.
TRANSCRIPTION_CHARS = frozenset(
    "阿埃艾安奥巴拜班邦贝本比彼宾波伯博布查达戴丹德登迪蒂丁杜顿多厄恩尔法范菲费芬夫弗福盖甘冈戈格贡古"
    "哈汉豪赫亨霍基吉加贾杰卡凯坎考科克肯库奎昆拉莱兰朗劳勒雷里利琳卢鲁伦罗洛马玛迈麦曼梅门蒙米莫默"
    "姆穆纳娜奈内尼纽努诺欧帕潘庞佩皮珀普奇乔切琼丘萨塞桑瑟森沙莎舍什斯苏索塔泰坦汤特滕廷图托瓦威"
    "韦维温沃乌西希谢休亚扬耶伊因尤约泽扎詹兹茨丝妮娅蕾瑞茜黛"
)
STRONG_TRANSCRIPTION_CHARS = frozenset(
    "埃奥巴贝迪蒂顿尔弗格基杰卡克库拉莱朗勒鲁洛姆纳娜尼诺帕佩普萨塞森斯索塔特图瓦维沃伊兹茨丝妮娅"
)


def _looks_transcribed(chars: list[str]) -> bool:
    return (
        len(chars) >= 2
        and all(c in TRANSCRIPTION_CHARS for c in chars)
        and sum(c in STRONG_TRANSCRIPTION_CHARS for c in chars) >= 2
    )


def han_slots(run: str, *, person_like: bool) -> list[RawSlot]:
    """Slots for one run of Han characters (spaces and name separators allowed inside).

    ``person_like`` says the caller expects a personal name: the first character (or
    a known two-character surname) then gets the surname table's spellings.
    """
    slots: list[RawSlot] = []
    separated = any(sep in run for sep in NAME_SEPARATORS)
    for sep in NAME_SEPARATORS:
        run = run.replace(sep, " ")
    words = [w for w in run.split() if w]
    western = any(w in FOREIGN_GIVEN_NAMES for w in words)
    for w_index, word in enumerate(words):
        chars = [c for c in word if c.strip()]
        if not chars:
            continue
        is_name = person_like and 2 <= len(chars) <= 4 and len(words) == 1
        if not is_name:
            if len(words) > 1 and person_like:
                # "约翰·史密斯": a foreign name written in characters, one word per segment.
                # Without a name separator ("正雄 周", "翼 清水": Chinese and Japanese names
                # written with a space) a segment is read by its sounds only if the name has a
                # Western given name or the segment is made of transcription characters.
                sounds = separated or western or _looks_foreign(chars)
                slots.extend(_transcription_slots(chars, sound_key=sounds))
            elif len(words) > 1 and w_index < len(words) - 1 and all(c in TRANSCRIPTION_CHARS for c in chars):
                # "洛克希德·马丁航空": a segment before a name separator is a transcribed word.
                slots.extend(_transcription_slots(chars))
            else:
                slots.extend(_word_slots("".join(chars), foreign=separated))
            continue
        start = 2 if "".join(chars[:2]) in COMPOUND_SURNAMES and len(chars) >= 3 else 1
        for i, char in enumerate(chars):
            slot = _syllable_slot(char, "surname" if i < start and w_index == 0 else "")
            if slot is not None:
                slots.append(slot)
    return slots


def _looks_foreign(chars: list[str]) -> bool:
    return "".join(chars) in FOREIGN_GIVEN_NAMES or all(c in TRANSCRIPTION_CHARS for c in chars)


def _transcription_slots(chars: list[str], *, sound_key: bool = True) -> list[RawSlot]:
    """A segment of a transcribed foreign name becomes one slot of joined syllables.

    Its alternatives: the usual Latin spellings when the segment is a common given name
    (约翰 -> john), the joined pinyin, and the sound key of the transcription (see
    :mod:`.transcription`), which meets Latin spellings that sound alike (克鲁兹 ~ Cruz).
    """
    word = "".join(chars)
    syllables = [TRANSCRIPTION_READINGS.get(c) or pinyin_syllable(c) for c in chars]
    syllables = [s for s in syllables if s]
    joined = "".join(syllables)
    if not joined:
        return []
    alts = [*FOREIGN_GIVEN_NAMES.get(word, ()), joined]
    if not sound_key:
        return [RawSlot(dedupe(alts), word, "pinyin-joined", "")]
    alts.extend(TRANSCRIPTION_MARK + key for key in pinyin_keys(syllables) if key_len(key) >= MIN_KEY)
    return [RawSlot(dedupe(alts), word, "pinyin-joined+sound-key", "")]


# Characters read differently in transcriptions than their default pinyin (什么 shen, but 格什曼 ge-shi-man).
# 奥 writes an o or au (奥巴马 Obama, 奥斯卡 Oscar), not the ao of its pinyin.
TRANSCRIPTION_READINGS: dict[str, str] = {
    "什": "shi",
    "伯": "bo",
    "柏": "bo",
    "乐": "le",
    "查": "cha",
    "奥": "o",
}
