//! DER shared by CRLs and OCSP responses: signed structures kept as their bytes, and times.

use der::Decode;
use der::asn1::{AnyRef, BitStringRef};

use crate::time::UtcTime;

/// A signed ASN.1 structure (`SEQUENCE { tbs, algorithm, signature BIT STRING, ... }`) kept as
/// its bytes, so the signature is checked over exactly the bytes that were signed.
pub(crate) struct RawSigned<'a> {
    tbs: &'a [u8],
    pub(crate) algorithm: spki::AlgorithmIdentifierRef<'a>,
    signature: BitStringRef<'a>,
}

impl<'a> RawSigned<'a> {
    pub(crate) fn from_der(der: &'a [u8]) -> der::Result<Self> {
        use der::Reader;
        let mut reader = der::SliceReader::new(der)?;
        let header = der::Header::decode(&mut reader)?;
        header.tag().assert_eq(der::Tag::Sequence)?;
        let start = usize::try_from(reader.position())?;
        AnyRef::decode(&mut reader)?;
        let end = usize::try_from(reader.position())?;
        let algorithm = spki::AlgorithmIdentifierRef::decode(&mut reader)?;
        let signature = BitStringRef::decode(&mut reader)?;
        Ok(RawSigned { tbs: &der[start..end], algorithm, signature })
    }

    /// The to-be-signed structure as it appears in the input, tag and length included.
    pub(crate) fn tbs_der(&self) -> &'a [u8] {
        self.tbs
    }

    pub(crate) fn signature_bytes(&self) -> &'a [u8] {
        self.signature.as_bytes().unwrap_or_default()
    }
}

pub(crate) fn utc(time: &x509_cert::time::Time) -> UtcTime {
    UtcTime::from_unix_seconds(time.to_unix_duration().as_secs() as i64)
}

pub(crate) fn utc_generalized(time: &der::asn1::GeneralizedTime) -> UtcTime {
    UtcTime::from_unix_seconds(time.to_unix_duration().as_secs() as i64)
}
