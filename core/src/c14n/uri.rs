//! The little URI handling canonicalization needs (RFC 3986).

/// Whether `uri` starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`), i.e.
/// is not a relative reference.
pub(crate) fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else { return false };
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// C14N 1.1 section 2.4 xml:base fix-up: `reference` resolved against `base` (RFC 3986 section
/// 5.2.2), where `base` may itself be relative; leading `..` segments that cannot be removed are
/// kept, as the fix-up requires.
pub(crate) fn join_xml_base(base: &str, reference: &str) -> String {
    if base.is_empty() || has_scheme(reference) {
        return reference.to_owned();
    }
    let base = Parts::split(base);
    let r = Parts::split(reference);
    let (authority, path, query) = if r.authority.is_some() {
        (r.authority, remove_dot_segments(r.path), r.query)
    } else if r.path.is_empty() {
        (base.authority, base.path.to_owned(), r.query.or(base.query))
    } else if r.path.starts_with('/') {
        (base.authority, remove_dot_segments(r.path), r.query)
    } else {
        let merged = if base.authority.is_some() && base.path.is_empty() {
            format!("/{}", r.path)
        } else {
            match base.path.rfind('/') {
                Some(i) => format!("{}{}", &base.path[..=i], r.path),
                None => r.path.to_owned(),
            }
        };
        (base.authority, remove_dot_segments(&merged), r.query)
    };
    let mut out = String::new();
    if let Some(scheme) = base.scheme {
        out.push_str(scheme);
        out.push(':');
    }
    if let Some(authority) = authority {
        out.push_str("//");
        out.push_str(authority);
    }
    out.push_str(&path);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = r.fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

impl<'a> Parts<'a> {
    fn split(uri: &'a str) -> Self {
        let (rest, fragment) = match uri.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (uri, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = if has_scheme(rest) {
            let (s, r) = rest.split_once(':').unwrap_or(("", rest));
            (Some(s), r)
        } else {
            (None, rest)
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find('/').unwrap_or(r.len());
                (Some(&r[..end]), &r[end..])
            }
            None => (None, rest),
        };
        Parts { scheme, authority, path, query, fragment }
    }
}

/// RFC 3986 section 5.2.4, except that `..` segments with nothing left to remove are kept at the
/// start of a relative path (C14N 1.1's modification, so relative bases stay meaningful).
fn remove_dot_segments(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    for (i, segment) in parts.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    segments.push("");
                }
            }
            ".." => {
                match segments.last() {
                    Some(&s) if s != ".." && !(s.is_empty() && segments.len() == 1 && absolute) => {
                        segments.pop();
                    }
                    _ if !absolute => segments.push(".."),
                    _ => {}
                }
                if i == last {
                    segments.push("");
                }
            }
            s => segments.push(s),
        }
    }
    let mut out = segments.join("/");
    if absolute && !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(has_scheme("urn:moet:hocbaso:1.0"));
        assert!(has_scheme("http://www.w3.org/2000/09/xmldsig#"));
        assert!(!has_scheme("foo"));
        assert!(!has_scheme("../a:b"));
        assert!(!has_scheme("1a:b"));
        assert!(!has_scheme(""));
    }

    #[test]
    fn rfc3986_examples() {
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g:h", "g:h"),
        ] {
            assert_eq!(join_xml_base(base, reference), expected, "{reference}");
        }
    }

    #[test]
    fn relative_bases_keep_leading_parent_segments() {
        assert_eq!(join_xml_base("../a/", "b"), "../a/b");
        assert_eq!(join_xml_base("a/", "../../b"), "../b");
        assert_eq!(join_xml_base("", "x/y"), "x/y");
    }
}
