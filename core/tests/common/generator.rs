//! A generator of well-formed, transcript-flavoured XML documents that exercise what XML readers
//! and canonicalizers most often get wrong. Deterministic: a document is reproduced by its seed.

/// A small deterministic generator (SplitMix64), so a failing case is reproduced by its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PREFIXES: &[&str] = &["", "a", "b", "kq", "gd"];
const URIS: &[&str] =
    &["urn:hocba:hocbaso:1.0", "urn:hocba:ketqua:1.0", "http://example.org/b", "http://example.org/a", "urn:x"];
const ELEMENTS: &[&str] = &["HocBa", "HocSinh", "MonHoc", "Diem", "NhanXet", "x", "Ten"];
const ATTRIBUTES: &[&str] = &["Id", "Ma", "Ten", "z", "a", "NamHoc"];
const TEXT: &[&str] = &[
    "Nguyễn Thị Ánh",
    // "Nguyễn" with combining marks: must stay as written.
    "Nguye\u{302}\u{303}n",
    "Điểm 9,5",
    "Tiếng Việt",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&#xD;",
    "&#x9;",
    "&#233;",
    "&#x1F393;",
    "\r\n",
    "\r",
    "\n",
    "  ",
    "\t",
    "a]]b",
    "x>y",
    "\"q\"",
    "'",
];
const ATTRIBUTE_TEXT: &[&str] = &[
    "Nguyễn",
    "Nguye\u{302}\u{303}n",
    "&amp;",
    "&lt;",
    ">",
    "&quot;",
    "'",
    "&#x9;",
    "&#xA;",
    "&#xD;",
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    "2025-2026",
];

struct Generator {
    rng: Rng,
    comments: bool,
    out: String,
}

impl Generator {
    fn misc(&mut self) {
        for _ in 0..self.rng.below(3) {
            match self.rng.below(4) {
                0 if self.comments => self.out.push_str("<!-- ghi chú: học bạ -->"),
                1 => self.out.push_str("<?hocba du lieu   ?>"),
                2 => self.out.push_str("<?pi-without-data?>"),
                _ => {}
            }
            let space = self.rng.pick(&["\n", "\r\n", "  ", "\r", ""]);
            self.out.push_str(space);
        }
    }

    fn document(mut self) -> String {
        if self.rng.chance(50) {
            self.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            self.out.push_str(self.rng.pick(&["\n", "\r\n", ""]));
        }
        self.misc();
        self.element(0, &mut vec![]);
        self.misc();
        self.out
    }

    fn element(&mut self, depth: usize, scope: &mut Vec<(String, String)>) {
        let mark = scope.len();
        let mut declarations: Vec<(String, String)> = Vec::new();
        let declare =
            |declarations: &mut Vec<(String, String)>, scope: &mut Vec<(String, String)>, p: &str, u: &str| {
                if !declarations.iter().any(|(q, _)| q == p) {
                    declarations.push((p.to_owned(), u.to_owned()));
                    scope.push((p.to_owned(), u.to_owned()));
                }
            };
        for _ in 0..self.rng.below(3) {
            let prefix = self.rng.pick(PREFIXES);
            let uri = if prefix.is_empty() && self.rng.chance(25) { "" } else { self.rng.pick(URIS) };
            declare(&mut declarations, scope, prefix, uri);
        }
        let in_scope =
            |scope: &[(String, String)], p: &str| scope.iter().rev().find(|(q, _)| q == p).map(|(_, u)| u.clone());

        let prefix = if self.rng.chance(40) { self.rng.pick(&PREFIXES[1..]) } else { "" };
        if !prefix.is_empty() && in_scope(scope, prefix).is_none() {
            let uri = self.rng.pick(URIS);
            declare(&mut declarations, scope, prefix, uri);
        }
        let name = match prefix {
            "" => self.rng.pick(ELEMENTS).to_owned(),
            p => format!("{p}:{}", self.rng.pick(ELEMENTS)),
        };

        let mut attributes: Vec<(String, String)> = Vec::new();
        let mut expanded: Vec<(String, String)> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let (prefix, local) = match self.rng.below(6) {
                0 => ("xml", self.rng.pick(&["lang", "space"])),
                1 | 2 => (self.rng.pick(&PREFIXES[1..]), self.rng.pick(ATTRIBUTES)),
                _ => ("", self.rng.pick(ATTRIBUTES)),
            };
            if !prefix.is_empty() && prefix != "xml" && in_scope(scope, prefix).is_none() {
                if declarations.iter().any(|(p, _)| p == prefix) {
                    continue; // declared here as xmlns="": cannot happen for prefixes, but stay safe
                }
                let uri = self.rng.pick(URIS);
                declare(&mut declarations, scope, prefix, uri);
            }
            let uri = match prefix {
                "" => String::new(),
                "xml" => "xml".to_owned(),
                p => in_scope(scope, p).unwrap_or_default(),
            };
            if expanded.contains(&(uri.clone(), local.to_owned())) {
                continue;
            }
            expanded.push((uri, local.to_owned()));
            let value: String = match (prefix, local) {
                ("xml", "space") => self.rng.pick(&["preserve", "default"]).to_owned(),
                ("xml", _) => self.rng.pick(&["vi", "en", "vi-VN"]).to_owned(),
                _ => (0..self.rng.below(4)).map(|_| self.rng.pick(ATTRIBUTE_TEXT)).collect(),
            };
            let qname = if prefix.is_empty() { local.to_owned() } else { format!("{prefix}:{local}") };
            attributes.push((qname, value));
        }
        self.out.push('<');
        self.out.push_str(&name);
        let mut items: Vec<String> = declarations
            .iter()
            .map(|(p, u)| if p.is_empty() { format!("xmlns=\"{u}\"") } else { format!("xmlns:{p}=\"{u}\"") })
            .collect();
        items.extend(attributes.iter().map(|(n, v)| format!("{n}=\"{v}\"")));
        // Source order must not matter: shuffle declarations and attributes together.
        for i in (1..items.len()).rev() {
            items.swap(i, self.rng.below(i + 1));
        }
        for item in items {
            self.out.push_str(self.rng.pick(&[" ", "\n  ", "\r\n\t", "  "]));
            self.out.push_str(&item);
        }
        if depth >= 5 || self.rng.chance(20) {
            self.out.push_str(self.rng.pick(&["/>", " />"]));
        } else {
            self.out.push('>');
            for _ in 0..self.rng.below(5) {
                match self.rng.below(10) {
                    0..=3 => self.element(depth + 1, scope),
                    4..=6 => {
                        for _ in 0..1 + self.rng.below(3) {
                            let piece = self.rng.pick(TEXT);
                            self.out.push_str(piece);
                        }
                    }
                    7 if self.comments => self.out.push_str("<!-- nhận xét - không: \r\n -->"),
                    8 => self.out.push_str("<![CDATA[<b>&amp; Điểm ]] >\r\n]]>"),
                    _ => self.out.push_str("<?hocba-ghi-chu x=\"1\"\r\n?>"),
                }
            }
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push_str(self.rng.pick(&[">", " >", "\n>"]));
        }
        scope.truncate(mark);
    }
}

/// A well-formed document; without comments when `comments` is false.
pub fn generate(seed: u64, comments: bool) -> String {
    Generator { rng: Rng(seed), comments, out: String::new() }.document()
}
