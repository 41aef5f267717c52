//! URL canonicalisation: the same article reached through a tracking link,
//! with a fragment or with upper-case host, gets the same `url` and `article_id`.

/// Query parameters that identify a campaign or a click, not a page.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ocid",
    "cmpid",
    "s_cid",
    "wt.mc_id",
    "ito",
    "spm",
    "vero_id",
    "oly_enc_id",
    "oly_anon_id",
    "rb_clickid",
    "ncid",
];

/// Canonical form of `url`; `None` when it is not an absolute http(s)-like URL,
/// in which case callers keep it as given.
pub(super) fn canonical(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.split('#').next().unwrap_or("");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_query) = rest.split_at(authority_end);
    if authority.is_empty() || authority.contains(char::is_whitespace) {
        return None;
    }
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let mut host = hostport.to_lowercase();
    for default in [(":80", "http"), (":443", "https")] {
        if scheme == default.1 && host.ends_with(default.0) {
            host.truncate(host.len() - default.0.len());
        }
    }
    let host = host.trim_end_matches('.');
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let mut out = format!("{scheme}://");
    if let Some(u) = userinfo {
        out.push_str(u);
        out.push('@');
    }
    out.push_str(host);
    out.push_str(if path.is_empty() { "/" } else { path });
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !is_tracking(p.split('=').next().unwrap_or("")))
        .collect();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    Some(out)
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises() {
        assert_eq!(
            canonical(" HTTPS://News.Example.COM:443/World/Story?id=7&utm_source=x&fbclid=abc&UTM_Medium=y#comments ")
                .as_deref(),
            Some("https://news.example.com/World/Story?id=7")
        );
        assert_eq!(
            canonical("http://example.com?gclid=1").as_deref(),
            Some("http://example.com/")
        );
        assert_eq!(
            canonical("http://example.com:8080/a?b=1&c").as_deref(),
            Some("http://example.com:8080/a?b=1&c")
        );
    }

    #[test]
    fn not_urls() {
        for s in ["", "example.com/x", "not a url", "http://", "://x"] {
            assert_eq!(canonical(s), None, "{s}");
        }
    }
}
