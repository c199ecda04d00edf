"""Shapes of personal names: common Chinese surnames and Latin given-name/family-name pairs."""

from __future__ import annotations

import re

from auditor import lazyre

from .masking import MASK_CHARS

# The most frequent single-character surnames (about 99% of the population) and the
# compound surnames still in use.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚"
    "花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌"
    "母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵩帖蔚恽别侍覃揭竺佴"
)
# The same surnames written in Traditional characters (Taiwan, Hong Kong, Macau), and the
# frequent Taiwanese ones the list above lacks (洪, 賴, 粘, 凃).
TRADITIONAL_SURNAMES = frozenset(
    "劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾鐘譚陸賈韋鄒龍賀顧龔萬錢嚴湯龐顏莊聶魯歐關蘭紀畢單駱藍鮑華饒"
    "時簡車項連蘆麥婁竇黨費衛鄔邊師欒榮叢鞏鄺談荊樂勞諶藺樓聞厲區闞權強帥練豐國計晉門雲來闕烏況鮮諸戰銀惲"
    "別溫齊喬寧陽農繆宮應閔遲儲滿盤蓋範閆閻於餘張張洪賴赖粘凃"
)
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "万俟",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "歐陽",
        "司馬",
        "諸葛",
        "東方",
        "尉遲",
        "公孫",
        "長孫",
        "軒轅",
        "獨孤",
        "南宮",
        "西門",
        "萬俟",
        "澹臺",
        "張簡",
        "范姜",
    }
)
# Endings that make a short CJK string an organisation, a place or a role, not a person.
NOT_PERSON_ENDINGS = tuple(
    "公司 集团 局 委 委员会 中心 医院 学校 大学 学院 中学 小学 幼儿园 所 站 厅 处 科 室 部 办 院 会 社 店 厂 场 馆 "
    "队 组 行 园 村 镇 乡 街道 区 县 市 省 路 街 号 楼 镇 庄 屯 河 山 湖 桥 门 经理 主任 书记 科长 处长 局长 "
    "部长 院长 校长 队长 组长 站长 老师 医生 先生 女士 同志 等 及 或 无 "
    "集團 委員會 醫院 學校 大學 學院 中學 小學 幼兒園 廳 處 辦 會 廠 場 館 隊 組 園 鎮 鄉 區 縣 號 樓 莊 橋 門 "
    "經理 書記 科長 處長 局長 部長 院長 校長 隊長 組長 站長 老師 醫生 無 里".split()
)
_CJK_NAME_RE = lazyre.compile(r"[\u4e00-\u9fff·]{2,5}")
_LATIN_PART = r"[A-Z](?:[a-z]+(?:-[A-Z]?[a-z]+)?|'[A-Z][a-z]+)"
_LATIN_NAME_RE = lazyre.compile(rf"{_LATIN_PART}(?: [A-Z]\.?)?(?: (?:van |de |von |da )?{_LATIN_PART}){{1,2}}")
_SPLIT_RE = lazyre.compile(r"[、，,；;/\s]+")
_MASKED_CJK_RE = lazyre.compile(
    rf"[\u4e00-\u9fff][{re.escape(MASK_CHARS)}xX]{{1,3}}|[\u4e00-\u9fff][{re.escape(MASK_CHARS)}][\u4e00-\u9fff]|[{re.escape(MASK_CHARS)}]{{1,2}}[\u4e00-\u9fff]"
)
_LATIN_NOT_PERSON = frozenset(
    {
        "Ltd",
        "Limited",
        "Inc",
        "Corp",
        "Corporation",
        "Company",
        "Co",
        "Group",
        "University",
        "College",
        "School",
        "Department",
        "Office",
        "Bureau",
        "Agency",
        "Council",
        "Centre",
        "Center",
        "Hospital",
        "Street",
        "Road",
        "Avenue",
        "Park",
        "Station",
        "City",
        "County",
        "District",
        "Committee",
        "Bank",
        "Service",
        "Services",
        "Association",
        "Foundation",
        "Institute",
        "Ministry",
        "Government",
        "Trust",
        "Data",
        "Report",
        "Project",
        "Total",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Open",
    }
)


def is_cjk_name(text: str) -> bool:
    """2-4 Chinese characters (3-5 with a compound surname) led by a common surname."""
    if not _CJK_NAME_RE.fullmatch(text) or text.endswith(NOT_PERSON_ENDINGS):
        return False
    if text[:2] in COMPOUND_SURNAMES:
        return 3 <= len(text) <= 5
    return 2 <= len(text) <= 4 and (text[0] in SURNAMES or text[0] in TRADITIONAL_SURNAMES)


def is_latin_name(text: str) -> bool:
    if not _LATIN_NAME_RE.fullmatch(text):
        return False
    return not _LATIN_NOT_PERSON.intersection(text.replace(".", "").split())


def name_state(value: str) -> str | None:
    """'unmasked' when the cell names a person, 'masked' for 张* / 王*明, else None."""
    text = value.strip()
    if not text or len(text) > 60:
        return None
    masked = False
    for part in _SPLIT_RE.split(text) if _SPLIT_RE.search(text) and not is_latin_name(text) else (text,):
        if not part:
            continue
        if is_cjk_name(part) or is_latin_name(part):
            return "unmasked"
        if _MASKED_CJK_RE.fullmatch(part):
            masked = True
    return "masked" if masked else None
