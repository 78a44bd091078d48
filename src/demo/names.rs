//! Word pools for demo data: surnames weighted by how common they are in China, given-name
//! characters (with rare ones such as 堃 喆 镕 that are outside GB 2312, so that font
//! coverage is exercised), foreign names, places, fields and company words.

/// Surnames with a relative weight (per mille of the population, rounded), from the
/// published ranking of Chinese surnames; compound surnames included.
pub const SURNAMES: &[(&str, u32)] = &[
    ("王", 72),
    ("李", 71),
    ("张", 68),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 23),
    ("赵", 22),
    ("吴", 20),
    ("周", 19),
    ("徐", 15),
    ("孙", 15),
    ("马", 14),
    ("朱", 13),
    ("胡", 12),
    ("郭", 12),
    ("何", 11),
    ("林", 11),
    ("高", 11),
    ("罗", 10),
    ("郑", 10),
    ("梁", 9),
    ("谢", 8),
    ("宋", 7),
    ("唐", 7),
    ("许", 7),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 6),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 6),
    ("董", 5),
    ("袁", 5),
    ("潘", 5),
    ("于", 5),
    ("蒋", 5),
    ("蔡", 5),
    ("余", 5),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("苏", 4),
    ("魏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("沈", 4),
    ("姚", 3),
    ("卢", 3),
    ("姜", 3),
    ("崔", 3),
    ("钟", 3),
    ("谭", 3),
    ("陆", 3),
    ("汪", 3),
    ("范", 3),
    ("金", 3),
    ("石", 3),
    ("廖", 3),
    ("贾", 3),
    ("夏", 3),
    ("韦", 3),
    ("付", 3),
    ("方", 3),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("闫", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("史", 2),
    ("陶", 2),
    ("黎", 2),
    ("贺", 2),
    ("顾", 2),
    ("毛", 2),
    ("郝", 2),
    ("龚", 2),
    ("邵", 2),
    ("万", 2),
    ("钱", 2),
    ("严", 2),
    ("覃", 1),
    ("武", 1),
    ("戴", 1),
    ("莫", 1),
    ("孔", 1),
    ("向", 1),
    ("汤", 1),
    ("单", 1),
    ("解", 1),
    ("仇", 1),
    ("查", 1),
    ("欧阳", 1),
    ("司马", 1),
    ("诸葛", 1),
    ("上官", 1),
    ("东方", 1),
    ("令狐", 1),
];

/// Given-name characters more common for men.
pub const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁",
    "浩", "凯", "健", "俊", "帆", "帅", "旭", "宇", "晨", "阳", "博", "文", "昊", "天", "泽", "睿", "轩", "然", "哲",
    "彬", "峰", "建", "国", "志", "成", "海", "东", "林", "松", "堃", "喆", "镕", "昇", "犇", "翀", "焜", "玮", "骁",
    "晟",
];

/// Given-name characters more common for women.
pub const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖", "琳", "洁", "欣", "悦", "怡",
    "佳", "萱", "彤", "晶", "倩", "璐", "瑶", "雯", "蕾", "薇", "梦", "思", "雨", "诗", "涵", "琪", "月", "春", "秀",
    "英", "兰", "瑄", "珺", "婕", "昕", "妍", "珏", "琦", "璇",
];

/// Foreign given names and family names (Latin script) with a nationality each.
pub const FOREIGN_GIVEN: &[&str] = &[
    "James",
    "Maria",
    "David",
    "Anna",
    "Thomas",
    "Sophie",
    "Lukas",
    "Emma",
    "Hiroshi",
    "Yuki",
    "Min-jun",
    "Ji-woo",
    "Pierre",
    "Claire",
    "Alexander",
    "Olga",
    "Rahul",
    "Priya",
    "Carlos",
    "Lucia",
];
/// Foreign family names.
pub const FOREIGN_FAMILY: &[&str] = &[
    "Smith",
    "Müller",
    "Martin",
    "Tanaka",
    "Kim",
    "Dubois",
    "Schmidt",
    "Brown",
    "Sato",
    "Park",
    "Rossi",
    "Garcia",
    "Novak",
    "Ivanov",
    "Sharma",
    "Wilson",
    "Nguyen",
    "Andersson",
    "O'Brien",
    "Fischer",
];
/// Nationalities of foreign talents: the ISO 3166 alpha-3 code (it starts the 2017
/// permanent-residence card number) and the name recorded as nationality.
pub const FOREIGN_NATIONS: &[(&str, &str)] = &[
    ("USA", "美国"),
    ("GBR", "英国"),
    ("DEU", "德国"),
    ("FRA", "法国"),
    ("JPN", "日本"),
    ("KOR", "韩国"),
    ("CAN", "加拿大"),
    ("AUS", "澳大利亚"),
    ("SGP", "新加坡"),
    ("ITA", "意大利"),
    ("ESP", "西班牙"),
    ("RUS", "俄罗斯"),
    ("IND", "印度"),
    ("SWE", "瑞典"),
];

/// Region codes (GB/T 2260) of resident ID numbers: places talents come from.
pub const REGIONS: &[&str] = &[
    "110101", "110105", "110108", "120101", "130102", "140105", "150102", "210102", "210202", "220102", "230102",
    "310101", "310104", "310115", "320102", "320505", "320583", "330106", "330205", "340104", "350203", "360102",
    "370102", "370202", "410105", "420106", "420111", "430104", "440106", "440305", "450103", "460105", "500103",
    "510107", "520102", "530102", "610113", "620102", "630102", "640104",
];

/// Industry fields (the city's clusters and the shortage catalogue's fields).
pub const FIELDS: &[&str] = &crate::domain::talent::DEFAULT_FIELDS;

/// Education levels with weights.
pub const EDUCATION: &[(&str, u32)] = &[("博士研究生", 55), ("硕士研究生", 30), ("大学本科", 14), ("大学专科", 1)];

/// Professional titles with weights.
pub const TITLES: &[(&str, u32)] = &[("正高级", 25), ("副高级", 35), ("中级", 30), ("无", 10)];

/// Company name words.
pub const COMPANY_HEADS: &[&str] = &[
    "华芯", "博源", "中科", "瑞联", "金沙", "启明", "天成", "新瑞", "恒信", "润泽", "海川", "星河", "远航", "卓越",
    "华创", "致远", "凯泰", "长风", "宏图", "嘉禾", "鼎新", "睿智", "晶研", "云帆", "联影", "同创", "聚能", "九州",
];
/// Company business words, one per field in the same order as [`FIELDS`].
pub const COMPANY_TRADES: &[&str] = &[
    "微电子",
    "生物科技",
    "智能科技",
    "新能源科技",
    "装备制造",
    "新材料",
    "数据科技",
    "金融服务",
    "环保科技",
    "航空科技",
];
/// Legal form of the company.
pub const COMPANY_FORMS: &[&str] = &["有限公司", "股份有限公司", "研究院有限公司"];

/// Team roles.
pub const TEAM_ROLES: &[&str] = &["核心成员", "技术骨干", "研发工程师", "项目经理", "博士后"];
