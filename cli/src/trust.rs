//! The options `sign` and `verify` share for trusting signers: anchors, intermediates, and
//! revocation data and policy.

use std::path::PathBuf;

use hocba::pki::{
    Certificate, Crl, OcspResponse, PathPolicy, RevocationChecker, RevocationData, RevocationPolicy, TrustOptions,
    TrustStore,
};

use hocba::report::Language;

use crate::{Failure, pki_file_failure, read_named};

#[derive(clap::Args)]
pub(crate) struct TrustArgs {
    /// Trust anchors (PEM/DER file or a folder of them; repeat). Default: the embedded government
    /// roots (VGCA RootCA G2, Vietnam National Root CA).
    #[arg(long = "trust")]
    trust: Vec<PathBuf>,
    /// Extra intermediate certificates for path building (repeat); never trusted by themselves.
    #[arg(long = "untrusted")]
    untrusted: Vec<PathBuf>,
    /// require (default): an unknown status leaves a signature undetermined (and refuses to
    /// sign); soft-fail: a warning; off: not checked.
    #[arg(long, default_value = "require")]
    revocation: String,
    /// Ask OCSP responders, fetch CRLs and time-stamps over HTTP (off by default: nothing
    /// leaves the machine).
    #[arg(long)]
    online: bool,
    /// With --online: ask through this HTTP proxy (http://host:port). Default: the proxy the
    /// environment names (HTTP_PROXY, ALL_PROXY; NO_PROXY lists hosts asked directly), or none.
    #[arg(long, requires = "online")]
    proxy: Option<String>,
    /// CRL files to use (PEM or DER; repeat).
    #[arg(long = "crl")]
    crls: Vec<PathBuf>,
    /// OCSP response files to use (DER; repeat).
    #[arg(long = "ocsp-response")]
    ocsp_responses: Vec<PathBuf>,
    /// Require this certificate policy on the whole path (e.g. 2.16.704.1.1.1.1.1, VGCA's).
    #[arg(long = "require-policy")]
    required_policies: Vec<String>,
}

impl TrustArgs {
    /// Whether the network was allowed (`--online`).
    pub(crate) fn is_online(&self) -> bool {
        self.online
    }

    /// The trust options, and the revocation checker; what is wrong with a file is said in
    /// `language`.
    pub(crate) fn build(
        &self,
        allow_sha1: bool,
        language: Language,
    ) -> Result<(TrustOptions, RevocationChecker), Failure> {
        let mut trust = TrustOptions {
            revocation: self.revocation.parse::<RevocationPolicy>().map_err(|e| Failure(format!("--{e}")))?,
            path: PathPolicy { allow_sha1, ..PathPolicy::default() },
            ..TrustOptions::default()
        };
        if !self.trust.is_empty() {
            let mut store = TrustStore::empty();
            for path in &self.trust {
                store.add_path(path).map_err(|e| pki_file_failure("--trust", path, &e, language))?;
            }
            trust.trust = store;
        }
        for path in &self.untrusted {
            trust.intermediates.extend(
                Certificate::all_from_pem_or_der(&read_named(path)?)
                    .map_err(|e| pki_file_failure("--untrusted", path, &e, language))?,
            );
        }
        for oid in &self.required_policies {
            let oid = oid.parse().map_err(|_| Failure(format!("--require-policy {oid:?}: not an OID")))?;
            trust.path.required_policies.push(oid);
        }
        let mut supplied = RevocationData::default();
        for path in &self.crls {
            let crls = Crl::all_from_pem_or_der(&read_named(path)?);
            supplied.crls.extend(crls.map_err(|e| Failure(format!("{}: {e}", path.display())))?);
        }
        for path in &self.ocsp_responses {
            let response = OcspResponse::from_der(&read_named(path)?);
            supplied.ocsp_responses.push(response.map_err(|e| Failure(format!("{}: {e}", path.display())))?);
        }
        let checker = match (self.online, &self.proxy) {
            (true, Some(url)) => {
                RevocationChecker::online(supplied).with_http_proxy(url).map_err(|e| Failure(format!("--{e}")))?
            }
            (true, None) => RevocationChecker::online(supplied),
            (false, _) => RevocationChecker::offline(supplied),
        };
        Ok((trust, checker))
    }
}
