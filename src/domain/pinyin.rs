//! Pinyin initials of Chinese names (`zw` for 张伟), the keys clerks type to find a talent
//! without switching on a Chinese input method.
//!
//! A surname is read with its surname reading, which for some characters is not the
//! everyday one: 单 is Shàn (not dān), 曾 Zēng, 解 Xiè, 查 Zhā, 仇 Qiú, 区 Ōu, 朴 Piáo.
//! Clerks often do not know this, so the everyday reading is kept as a second alternative:
//! 单伟 gives both `sw` and `dw`. Given-name characters take their most common reading.
//! Compound surnames (欧阳, 司马, 诸葛 …) are recognised when at least one character
//! follows them.

use pinyin::ToPinyin;

/// The lower-case pinyin initials of `name`, one string per plausible reading, sorted and
/// without duplicates (at most three). Characters without a pinyin reading (Latin
/// letters, digits, the middle dot of transcribed names) are skipped, so a Latin name
/// gives none: foreigners are found by their Latin text instead.
pub fn initials(name: &str) -> Vec<String> {
    let readable: Vec<(char, char)> = name.chars().filter_map(|c| Some((c, common_initial(c)?))).collect();
    match readable.as_slice() {
        [] => Vec::new(),
        [(c1, l1), (c2, l2), given @ ..] if !given.is_empty() && compound_surname(*c1, *c2).is_some() => {
            let everyday = [*l1, *l2].iter().collect::<String>();
            let surname = compound_surname(*c1, *c2).unwrap_or_default();
            combine([surname, everyday.as_str()].into_iter(), given)
        }
        [(c1, l1), given @ ..] => {
            let mut buf = [0; 4];
            let everyday: &str = l1.encode_utf8(&mut buf);
            let surname = surname_initials(*c1);
            // Each letter of `surname` is one reading.
            let readings = surname.char_indices().map(|(i, c)| &surname[i..i + c.len_utf8()]);
            combine(readings.chain([everyday]), given)
        }
    }
}

/// A Chinese name as a passport prints it, for the English side of a card: the surname in
/// capitals, the given name as one capitalised word (陈婷瑄 → `CHEN Tingxuan`, 欧阳娜娜 →
/// `OUYANG Nana`, 单伟 → `SHAN Wei`). `None` for names without Chinese characters, which are
/// already Latin, and for names with a character that has no reading.
pub fn passport_name(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() || !chars.iter().any(|c| c.to_pinyin().is_some()) {
        return None;
    }
    let plain = |c: char| c.to_pinyin().map(|p| p.plain().to_string());
    let surname_len = if chars.len() > 2 && compound_surname(chars[0], chars[1]).is_some() { 2 } else { 1 };
    let mut surname = String::new();
    for &c in &chars[..surname_len] {
        surname.push_str(&surname_reading(c).map_or_else(|| plain(c), |r| Some(r.to_string()))?);
    }
    let given: String = chars[surname_len..].iter().map(|&c| plain(c)).collect::<Option<Vec<_>>>()?.concat();
    let mut given_chars = given.chars();
    let given =
        given_chars.next().map(|f| f.to_ascii_uppercase().to_string() + given_chars.as_str()).unwrap_or_default();
    Some(format!("{} {given}", surname.to_ascii_uppercase()).trim().to_string())
}

/// The full surname reading of the common surnames whose reading differs from the everyday one.
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '单' => "shan",
        '曾' => "zeng",
        '解' => "xie",
        '查' => "zha",
        '仇' => "qiu",
        '区' => "ou",
        '朴' => "piao",
        '覃' => "qin",
        '盖' => "ge",
        '乐' => "yue",
        '缪' => "miao",
        '翟' => "zhai",
        '种' => "chong",
        '长' => "chang",
        '万' => "wan",
        '尉' => "yu",
        _ => return None,
    })
}

/// Each surname reading followed by the given name's initials; sorted, no duplicates.
fn combine<'a>(surnames: impl Iterator<Item = &'a str>, given: &[(char, char)]) -> Vec<String> {
    let mut out: Vec<String> = surnames
        .map(|s| {
            let mut reading = String::with_capacity(s.len() + given.len());
            reading.push_str(s);
            reading.extend(given.iter().map(|(_, l)| l));
            reading
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The initial of a character's most common reading, if it has a pinyin reading.
fn common_initial(c: char) -> Option<char> {
    let reading = c.to_pinyin()?.plain();
    // A handful of interjections read ê, ń or ḿ; they have no initial a clerk would type.
    reading.chars().next().filter(char::is_ascii_lowercase)
}

/// Initials of the surname readings of characters whose surname reading is not (only)
/// their common one; several letters when the surname has several readings.
fn surname_initials(c: char) -> &'static str {
    match c {
        '单' | '石' | '沈' | '莘' | '折' | '召' | '宿' | '眭' => "s",
        '曾' | '查' | '祭' | '藏' => "z",
        '解' | '冼' | '相' | '洗' | '鲜' => "x",
        '仇' | '曲' | '强' => "q",
        '区' => "o",
        '朴' | '繁' | '便' | '逄' | '蕃' => "p",
        '盖' | '句' | '过' => "g",
        '华' | '和' | '黑' => "h",
        '任' | '芮' => "r",
        '乐' => "yl",
        '燕' | '员' | '殷' | '要' => "y",
        '覃' => "qt",
        '缪' | '牟' => "m",
        '尉' => "yw",
        '翟' => "zd",
        '种' | '褚' | '长' | '重' => "c",
        '谌' => "cs",
        '秘' | '柏' | '贲' | '薄' | '卜' => "b",
        '隗' => "wk",
        '角' | '纪' => "j",
        '能' => "n",
        '都' => "d",
        '万' => "w",
        '阚' => "k",
        '郇' => "hx",
        '朝' => "cz",
        _ => "",
    }
}

/// Initials of a compound surname's surname reading.
fn compound_surname(first: char, second: char) -> Option<&'static str> {
    Some(match (first, second) {
        ('欧', '阳') => "oy",
        ('司', '马') => "sm",
        ('诸', '葛') => "zg",
        ('上', '官') => "sg",
        ('东', '方') => "df",
        ('令', '狐') => "lh",
        ('皇', '甫') => "hf",
        ('尉', '迟') => "yc",
        ('公', '孙') => "gs",
        ('慕', '容') => "mr",
        ('长', '孙') => "zs",
        ('宇', '文') => "yw",
        ('司', '徒') => "st",
        ('司', '空') => "sk",
        ('夏', '侯') => "xh",
        ('轩', '辕') => "xy",
        ('端', '木') => "dm",
        ('澹', '台') => "tt",
        ('万', '俟') => "mq",
        ('闻', '人') => "wr",
        ('南', '宫') => "ng",
        ('西', '门') => "xm",
        ('百', '里') => "bl",
        ('呼', '延') => "hy",
        ('独', '孤') => "dg",
        ('钟', '离') => "zl",
        ('赫', '连') => "hl",
        ('东', '郭') => "dg",
        ('申', '屠') => "st",
        ('太', '史') => "ts",
        ('拓', '跋') => "tb",
        ('濮', '阳') => "py",
        ('淳', '于') => "cy",
        ('公', '羊') => "gy",
        ('公', '冶') => "gy",
        ('左', '丘') => "zq",
        ('梁', '丘') => "lq",
        ('第', '五') => "dw",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(name: &str, want: &str) -> bool {
        initials(name).iter().any(|i| i == want)
    }

    #[test]
    fn common_names_have_one_reading() {
        assert_eq!(initials("张伟"), vec!["zw"]);
        assert_eq!(initials("王芳"), vec!["wf"]);
        assert_eq!(initials("李晓明"), vec!["lxm"]);
    }

    #[test]
    fn surnames_use_their_surname_reading_and_keep_the_common_one() {
        assert_eq!(initials("单伟"), vec!["dw", "sw"]);
        assert!(has("曾国藩", "zgf"));
        assert!(has("解晓", "xx"));
        assert!(has("查良镛", "zly"));
        assert!(has("仇英", "qy"));
        assert!(has("区志华", "ozh"));
        assert!(has("朴槿惠", "pjh"));
        assert!(has("盖聂", "gn"));
        assert!(has("乐嘉", "yj"));
        assert!(initials("覃琳").len() <= 3);
    }

    #[test]
    fn compound_surnames_are_read_as_one() {
        assert_eq!(initials("欧阳娜娜"), vec!["oynn"]);
        assert!(has("司马光", "smg"));
        assert!(has("诸葛亮", "zgl"));
        assert!(has("上官婉儿", "sgwe"));
        assert!(has("令狐冲", "lhc"));
        // Two characters are a surname and a given name, not a compound surname alone.
        assert!(has("东方", "df"));
    }

    #[test]
    fn rare_name_characters_have_readings() {
        assert_eq!(common_initial('堃'), Some('k'));
        assert_eq!('堃'.to_pinyin().map(|p| p.plain()), Some("kun"));
        assert_eq!('喆'.to_pinyin().map(|p| p.plain()), Some("zhe"));
        assert_eq!('镕'.to_pinyin().map(|p| p.plain()), Some("rong"));
        assert_eq!(initials("王堃"), vec!["wk"]);
        assert_eq!(initials("张喆"), vec!["zz"]);
        assert_eq!(initials("朱镕基"), vec!["zrj"]);
    }

    #[test]
    fn passport_names_put_the_surname_first_in_capitals() {
        assert_eq!(passport_name("陈婷瑄").as_deref(), Some("CHEN Tingxuan"));
        assert_eq!(passport_name("单伟").as_deref(), Some("SHAN Wei"));
        assert_eq!(passport_name("欧阳娜娜").as_deref(), Some("OUYANG Nana"));
        assert_eq!(passport_name("John Smith"), None);
    }

    #[test]
    fn latin_names_and_separators() {
        assert!(initials("James Smith").is_empty());
        assert!(initials("").is_empty());
        assert_eq!(initials("买买提·艾力"), vec!["mmtal"]);
    }
}
