#!/usr/bin/env python3
"""Hostile inputs against the verifier's work budgets, each at the worst size the budgets allow.

usage: work_budgets.py OUT_DIR [CLASS...]     (default: every class)

Each class is a function registered with @hostile("<class>"); it yields (name, expected, bytes)
where `expected` is the finding code the verifier must answer with (or None when any refusal
will do). Add a class by writing one more such function. Nothing here needs a key: these are
attacks anyone can mount.
"""
import base64
import hashlib
import os
import random
import sys

MIB = 1 << 20
MAX_INPUT = 16 * MIB  # the reader's default limits: 16 MiB, 1,000,000 nodes, 64 KiB attribute values
# The densest padding within the node limit: two nodes per 37 bytes.
DENSE = "<x>" + "t" * 30 + "</x>"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = f'<ds:Transform Algorithm="{DSIG}enveloped-signature"/>'
ZERO_DIGEST = base64.b64encode(bytes(32)).decode()

CLASSES = {}


def hostile(name):
    def register(function):
        CLASSES[name] = function
        return function
    return register


def signature(uri, transforms="", digest=ZERO_DIGEST, key_info="", value="AAAA", method="rsa-sha256"):
    transforms = f"<ds:Transforms>{transforms}</ds:Transforms>" if transforms else ""
    return (
        "<ds:Signature><ds:SignedInfo>"
        f'<ds:CanonicalizationMethod Algorithm="{EXC}"/>'
        f'<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#{method}"/>'
        f'<ds:Reference URI="{uri}">{transforms}'
        '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        f"<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        f"<ds:SignatureValue>{value}</ds:SignatureValue>"
        f"<ds:KeyInfo>{key_info}</ds:KeyInfo></ds:Signature>"
    )


def document(signatures, data="", size=0, unit=DENSE, declarations=""):
    """`signatures` after a `Data` element holding `data`, padded with `unit` up to `size` bytes."""
    head = f'<Doc xmlns:ds="{DSIG}"{declarations}><Data Id="data">{data}'
    tail = "</Data>" + "".join(signatures) + "</Doc>"
    fill = max(0, size - len(head.encode()) - len(tail.encode()) - 64) // len(unit.encode())
    return (head + unit * fill + tail).encode()


# Class 6: many signatures, each URI="" with the enveloped-signature transform, so each
# canonicalizes the whole document minus itself.
@hostile("6")
def many_whole_document_signatures():
    one = signature("", ENVELOPED)
    yield "c6-256-enveloped-signatures-16mib", "canonicalization-budget", document([one] * 256, size=MAX_INPUT)
    yield "c6-256-enveloped-signatures-16mib-text", "canonicalization-budget", document(
        [one] * 256, size=MAX_INPUT, unit="<x>" + "t" * 4000 + "</x>")
    yield "c6-257-signatures", "too-many-signatures", document([one] * 257, size=64 * 1024)
    # The same data element under a different exclusive PrefixList each: nothing to share.
    variants = [
        signature("#data", f'<ds:Transform Algorithm="{EXC}"><ec:InclusiveNamespaces xmlns:ec="{EXC}" PrefixList="q{i}"/></ds:Transform>')
        for i in range(256)
    ]
    yield "c6-256-prefixlist-variants-16mib", "canonicalization-budget", document(variants, size=MAX_INPUT)


# Class 8: an exclusive-C14N PrefixList bomb: many elements, many namespaces in scope, a long list.
@hostile("8")
def prefix_list_bomb():
    # Within the reader's 256 namespaces in scope, counting each element's own.
    declarations = "".join(f' xmlns:p{i}="urn:p{i}"' for i in range(190))
    def listing(n):
        prefixes = " ".join(f"p{i}" for i in range(n))
        return f'<ds:Transform Algorithm="{EXC}"><ec:InclusiveNamespaces xmlns:ec="{EXC}" PrefixList="{prefixes}"/></ds:Transform>'
    # At the limit (64 prefixes), over elements each using two bound prefixes.
    yield "c8-prefixlist-64-elements-16mib", None, document(
        [signature("#data", listing(64))], size=MAX_INPUT, unit='<p1:e p2:a="" p3:b=""/>', declarations=declarations)
    # Elements each redeclaring listed prefixes: every declaration is output, linear in the input.
    redeclare = "<e " + " ".join(f'xmlns:p{i}="urn:q{i}"' for i in range(64)) + "/>"
    yield "c8-prefixlist-64-redeclared-16mib", None, document(
        [signature("#data", listing(64))], size=MAX_INPUT, unit=redeclare, declarations=declarations)
    # As long as an attribute value may be (64 KiB).
    yield "c8-prefixlist-9000", "too-many-prefixes", document(
        [signature("#data", listing(9000))], size=2 * MIB, unit='<p1:e p2:a="" p3:b=""/>', declarations=declarations)


def der(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def der_int(value):
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return der(0x02, raw)


def rsa_spki(modulus, exponent):
    rsa = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return der(0x30, rsa + der(0x03, b"\x00" + der(0x30, der_int(modulus) + der_int(exponent))))


P521 = (1 << 521) - 1
P521_B = 0x0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00


def p521_spki(rng):
    """A random point on P-521, uncompressed: the key passes every check a reader makes."""
    while True:
        x = rng.getrandbits(521) % P521
        y2 = (pow(x, 3, P521) - 3 * x + P521_B) % P521
        y = pow(y2, (P521 + 1) // 4, P521)
        if y * y % P521 == y2:
            break
    point = b"\x04" + x.to_bytes(66, "big") + y.to_bytes(66, "big")
    ec = der(0x30, der(0x06, bytes.fromhex("2a8648ce3d0201")) + der(0x06, bytes.fromhex("2b81040023")))
    return der(0x30, ec + der(0x03, b"\x00" + point))


def certificate(spki, serial):
    """A structurally valid X.509 certificate for `spki`; its signature is not (nobody checks it
    before the key is tried)."""
    sha256_rsa = der(0x30, der(0x06, bytes.fromhex("2a864886f70d01010b")) + b"\x05\x00")
    name = der(0x30, der(0x31, der(0x30, der(0x06, bytes.fromhex("550403")) + der(0x0C, f"k{serial}".encode()))))
    validity = der(0x30, der(0x17, b"250101000000Z") + der(0x17, b"350101000000Z"))
    tbs = der(0x30, der(0xA0, der_int(2)) + der_int(serial) + sha256_rsa + name + validity + name + spki)
    return der(0x30, tbs + sha256_rsa + der(0x03, b"\x00" + bytes(256)))


# Class 9: every KeyInfo certificate is tried as the key: as many as allowed, each the most
# expensive key allowed (8192 bits, a 33-bit exponent), in as many signatures as allowed, each
# with a reference that verifies so the keys are reached.
@hostile("9")
def key_candidates():
    rng = random.Random(9)
    data = "d"
    digest = base64.b64encode(hashlib.sha256(f'<Data Id="data">{data}</Data>'.encode()).digest()).decode()

    def odd(bits):
        return rng.getrandbits(bits) | (1 << (bits - 1)) | 1

    def key_info(certificates):
        items = "".join(f"<ds:X509Certificate>{base64.b64encode(c).decode()}</ds:X509Certificate>" for c in certificates)
        return f"<ds:X509Data>{items}</ds:X509Data>"

    def signatures(count, per_signature, bits, exponent):
        moduli = [odd(bits) for _ in range(per_signature)]
        certificates = [certificate(rsa_spki(n, exponent(n)), i + 1) for i, n in enumerate(moduli)]
        # Below every modulus, so each try runs the exponentiation.
        value = base64.b64encode(rng.getrandbits(bits - 8).to_bytes(bits // 8, "big")).decode()
        one = signature("#data", f'<ds:Transform Algorithm="{EXC}"/>', digest, key_info(certificates), value)
        return [one] * count

    yield "c9-256x8-rsa8192-e33bit", None, document(
        signatures(256, 8, 8192, lambda n: (1 << 33) - 1), data=data)
    # ECDSA P-521: the most expensive curve verification, valid points, a plausible (r, s).
    certificates = [certificate(p521_spki(rng), i + 1) for i in range(8)]
    value = base64.b64encode(rng.getrandbits(519).to_bytes(66, "big") * 2).decode()
    one = signature("#data", f'<ds:Transform Algorithm="{EXC}"/>', digest, key_info(certificates), value, "ecdsa-sha512")
    yield "c9-256x8-p521", None, document([one] * 256, data=data)
    yield "c9-9-candidates", "too-many-key-candidates", document(
        signatures(1, 9, 2048, lambda n: 65537), data=data)
    yield "c9-256x8-rsa3072-e-n-minus-2", None, document(
        signatures(256, 8, 3072, lambda n: n - 2), data=data)


# Class 11: namespace declarations canonicalization reads but does not output. Exclusive C14N
# drops every unused declaration, inclusive C14N a redeclaration equal to the one in scope, so
# the output is tiny while each pass reads every declaration; and inclusive C14N of an element
# reads all its ancestors' attributes for the xml:* ones it inherits.
@hostile("11")
def unrendered_declarations():
    inclusive = '<ds:Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>'
    listed = "".join(f' xmlns:p{i}="urn:n{i}"' for i in range(64))
    # 64 in scope at the root, 190 on each element: within the reader's 256 in scope.
    unused = "<e" + "".join(f' xmlns:q{i}="urn:m{i}"' for i in range(190)) + "/>"
    prefix_list = " ".join(f"p{i}" for i in range(64))
    exc = f'<ds:Transform Algorithm="{EXC}"><ec:InclusiveNamespaces xmlns:ec="{EXC}" PrefixList="{prefix_list}"/></ds:Transform>'
    yield "c11-exc-unused-declarations-256-prefixlist-16mib", "canonicalization-budget", document(
        [signature("", ENVELOPED + exc)] * 256, size=MAX_INPUT, unit=unused, declarations=listed)
    yield "c11-exc-unused-declarations-256-16mib", "canonicalization-budget", document(
        [signature("", ENVELOPED + f'<ds:Transform Algorithm="{EXC}"/>')] * 256, size=MAX_INPUT, unit=unused,
        declarations=listed)
    # The same data element under a different PrefixList each: nothing to share.
    variants = [
        signature("#data", f'<ds:Transform Algorithm="{EXC}"><ec:InclusiveNamespaces xmlns:ec="{EXC}" '
                  f'PrefixList="p{i % 64} p{(i * 7 + 1) % 64} p{(i * 13 + 2) % 64}"/></ds:Transform>')
        for i in range(256)
    ]
    yield "c11-exc-unused-declarations-256-variants-16mib", "canonicalization-budget", document(
        variants, size=MAX_INPUT, unit=unused, declarations=listed)
    # Inclusive C14N: each element redeclares what is in scope, as it is bound there.
    scope = "".join(f' xmlns:p{i}="urn:n{i}"' for i in range(127))
    yield "c11-inclusive-redeclared-256-16mib", "canonicalization-budget", document(
        [signature("", ENVELOPED + inclusive)] * 256, size=MAX_INPUT, unit="<e" + scope + "/>", declarations=scope)
    # Inclusive C14N of elements under 97 ancestors of 256 xml:* attributes each, all different.
    chain = "".join("<a" + "".join(f' xml:a{d}x{i}=""' for i in range(256)) + ">" for d in range(97))
    leaves = "".join(f'<i Id="i{k}"/>' for k in range(256))
    head = f'<Doc xmlns:ds="{DSIG}">{chain}{leaves}' + "</a>" * 97
    signatures = "".join(signature(f"#i{k}", inclusive) for k in range(256))
    yield "c11-inclusive-inherited-xml-attributes-256", "canonicalization-budget", (head + signatures + "</Doc>").encode()


# Class 12: archive time-stamps (a document's `hp:ArchiveTimeStamps`) and transform chains, as
# anyone can write them: garbage stamps over a large document, a huge token, thousands of
# certificates in a stamp's values, a hundred transforms, five canonicalizations of a large one.
HP = "urn:hocba:xmldsig-properties:1.0"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N11 = "http://www.w3.org/2006/12/xml-c14n11"


def archived(size, stamps):
    """A document of about `size` bytes, an (unverifiable) signature, then `stamps`."""
    filler = "<a:P>" + "x" * 1000 + "</a:P>"
    body = filler * (size // len(filler))
    return (
        f'<a:Doc xmlns:a="urn:a">{body}<ds:Signature xmlns:ds="{DSIG}"><ds:SignedInfo/></ds:Signature>'
        f'<hp:ArchiveTimeStamps xmlns:hp="{HP}">{stamps}</hp:ArchiveTimeStamps></a:Doc>'
    ).encode()


def archive_stamp(token, certificates=()):
    values = "".join(
        f"<hp:EncapsulatedX509Certificate>{base64.b64encode(c).decode()}</hp:EncapsulatedX509Certificate>"
        for c in certificates
    )
    values = f"<hp:CertificateValues>{values}</hp:CertificateValues>" if values else ""
    return f"<hp:ArchiveTimeStamp>{values}<hp:EncapsulatedTimeStamp>{token}</hp:EncapsulatedTimeStamp></hp:ArchiveTimeStamp>"


@hostile("12")
def archives_and_transform_chains():
    garbage = base64.b64encode(bytes([0x30, 0x03, 0x02, 0x01, 0x00])).decode()
    # Only the first stamp's covered bytes are canonicalized before its token is refused.
    yield "c12-32-garbage-archive-stamps-15mib", "archive-time-stamp-invalid", archived(15 * MIB, archive_stamp(garbage) * 32)
    yield "c12-33-archive-stamps", "archive-malformed", archived(MIB, archive_stamp(garbage) * 33)
    yield "c12-archive-token-7mib", None, archived(MIB, archive_stamp("A" * (7 * MIB)))
    # Distinct certificates, each compared with the others only by fingerprint.
    rng = random.Random(11)
    spki = rsa_spki(rng.getrandbits(2048) | (1 << 2047) | 1, 65537)
    certificates = [certificate(spki, serial) for serial in range(1, 10_001)]
    yield "c12-archive-10000-certificates", "archive-time-stamp-invalid", archived(1000, archive_stamp(garbage, certificates))
    # A hundred transforms: refused by their count before any is run.
    hundred = f'<ds:Transform Algorithm="{C14N}"/>' * 100
    yield "c12-100-transforms", "too-many-transforms", document([signature("#data", hundred)], size=64 * 1024)
    # Five canonicalizations in a row over elements using a prefix declared once: exclusive C14N
    # declares it on each, so each output is larger than its input; the shared budget stops them.
    chain = "".join(f'<ds:Transform Algorithm="{a}"/>' for a in (EXC, C14N, EXC, C14N11, C14N))
    yield "c12-five-canonicalizations-14mb", None, document(
        [signature("#data", chain)], data="<p:e/>" * 150_000,
        declarations=f' xmlns:p="urn:{"n" * 40}"')


def main():
    out = sys.argv[1]
    wanted = sys.argv[2:] or list(CLASSES)
    os.makedirs(out, exist_ok=True)
    for name in wanted:
        for file, expected, content in CLASSES[name]():
            assert len(content) <= MAX_INPUT, (file, len(content))
            with open(os.path.join(out, file + ".xml"), "wb") as f:
                f.write(content)
            with open(os.path.join(out, file + ".expected"), "w") as f:
                f.write(expected or "")


if __name__ == "__main__":
    main()
