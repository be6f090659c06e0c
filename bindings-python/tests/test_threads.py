"""The GIL is released while hocba works, so other Python threads run meanwhile and a pool verifies in parallel.

The proof does not time anything. With a switch interval longer than the work, a thread that holds the
GIL keeps it until it releases it itself; a second thread that only counts can count while the main thread is
inside a call only if that call released the GIL. The control case (a pure-Python busy loop) shows the
counter stays still when nothing releases it.
"""

import concurrent.futures
import sys
import threading
import time

import pytest

import hocba


def count_while(work) -> int:
    """How often another thread ran while `work()` ran in this one, the GIL never forced to switch."""
    counter = 0
    started = threading.Event()
    done = False

    def count():
        nonlocal counter
        started.set()
        while not done:
            counter += 1
            # Releases the GIL (and takes it back), so the main thread can continue after each call.
            time.sleep(0)

    old = sys.getswitchinterval()
    # Far longer than the work; short enough that a mistake in this test stalls it instead of hanging it.
    sys.setswitchinterval(30.0)
    try:
        thread = threading.Thread(target=count)
        thread.start()
        started.wait()
        before = counter
        work()
        during = counter - before
        done = True
        thread.join()
    finally:
        sys.setswitchinterval(old)
    return during


@pytest.fixture(scope="module")
def big_document(sample) -> bytes:
    """The sample with 400 more years of results: long enough that each call takes a while."""
    start = sample.index(b"<NamHoc ")
    end = sample.index(b"</NamHoc>") + len(b"</NamHoc>")
    return sample[:end] + sample[start:end] * 400 + sample[end:]


def busy_python():
    total = 0
    for i in range(2_000_000):
        total += i
    return total


def test_control_pure_python_keeps_the_gil():
    assert count_while(busy_python) == 0


def test_c14n_releases_the_gil(big_document):
    assert count_while(lambda: [hocba.c14n(big_document) for _ in range(20)]) > 0


def test_sign_and_verify_release_the_gil(big_document, rsa_key, rsa_cert):
    signed = hocba.sign(big_document, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", key=rsa_key, cert=rsa_cert)
    assert count_while(lambda: [hocba.verify(signed, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True)) for _ in range(20)]) > 0
    assert count_while(lambda: [hocba.sign(big_document, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", key=rsa_key,
                                           cert=rsa_cert) for _ in range(5)]) > 0


def test_thread_pool_gives_the_same_results(signed_twice, rsa_cert, p256_cert):
    tampered = signed_twice.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1)
    documents = [signed_twice, tampered] * 50
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(
            lambda d: hocba.verify(d, hocba.VerifyConfig(pinned_certs=[rsa_cert, p256_cert], generic=True), raise_on_invalid=False), documents))
    assert [r.valid for r in results] == [True, False] * 50
    def same(report):
        return {k: v for k, v in report.to_dict().items() if k != "verified_at"}

    assert all(same(r) == same(results[0]) for r in results[::2])
    assert all(same(r) == same(results[1]) for r in results[1::2])


def test_python_signer_from_threads(sample, rsa_key, rsa_cert):
    """A Python signer runs with the GIL taken back, from several threads at once."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    class SoftwareSigner:
        certificate = rsa_cert

        def __init__(self):
            self.key = load_pem_private_key(rsa_key, None)

        def sign(self, data: bytes) -> bytes:
            return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    signer = SoftwareSigner()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        signed = list(pool.map(lambda i: hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", signer=signer,
                                                    signature_id=f"sig-{i}"), range(16)))
    assert all(hocba.verify(s, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True)).valid for s in signed)
