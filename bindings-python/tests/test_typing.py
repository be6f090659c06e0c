"""The package ships type information: `py.typed`, and stubs that match the extension module."""

import pathlib
import subprocess
import sys

import hocba


def test_py_typed_is_installed():
    package = pathlib.Path(hocba.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_hocba.pyi").exists()


def test_stubs_are_generated():
    """The stubs checked in are what gen_stubs.py writes from the module: they cannot drift from it."""
    import gen_stubs

    assert gen_stubs.STUBS.read_text(encoding="utf-8") == gen_stubs.stubs(), "run bindings-python/tests/gen_stubs.py"


def test_stubs_match_the_module(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "hocba._hocba"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_caller_type_checks(tmp_path):
    caller = tmp_path / "caller.py"
    caller.write_text(
        "import hocba\n"
        "def check(xml: bytes, key: bytes, cert: bytes) -> str:\n"
        "    signed: bytes = hocba.sign(xml, reference_id='data-1', into='DSCKS/GVCN', key=key, cert=cert)\n"
        "    result = hocba.verify(signed, hocba.VerifyConfig(pinned_certs=[cert]))\n"
        "    first = result.signatures[0]\n"
        "    data: bytes = hocba.Transcript.from_xml(xml).to_xml() if first.covers else b''\n"
        "    try:\n"
        "        hocba.c14n(data)\n"
        "    except hocba.XmlError as e:\n"
        "        line, column = e.position or (0, 0)\n"
        "    return result.to_json(indent=2) + (first.id or '')\n"
        "bad: int = hocba.c14n(b'<a/>')\n"
    )
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(caller)],
                         cwd=tmp_path, capture_output=True, text=True)
    # Exactly one error: the last line assigns bytes to an int.
    assert run.returncode == 1, run.stdout
    assert run.stdout.count("error:") == 1 and "caller.py:12" in run.stdout, run.stdout


def test_enums_and_reports_type_check(tmp_path):
    caller = tmp_path / "enums.py"
    caller.write_text(
        "import hocba\n"
        "def check(report: hocba.VerificationReport) -> str:\n"
        "    verdict: hocba.Verdict = report.verdict\n"
        "    role = hocba.Role.HIEU_TRUONG\n"
        "    gender: str = hocba.GioiTinh('2').label_vi\n"
        "    first = report.signatures[0].problems[0].text('en') if report.signatures else ''\n"
        "    return role.label('en') + gender + verdict.label_vi + first + report.message('vi')\n"
        "bad: hocba.Role = hocba.Verdict.VALID\n"
    )
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(caller)],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout
    assert run.stdout.count("error:") == 1 and "enums.py:8" in run.stdout, run.stdout
