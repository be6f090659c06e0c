"""What compare.py and compare_dsig.py share: criterion's estimates and the host description."""
import json, os, platform, subprocess


def load_criterion(root, group, name):
    # criterion keeps group and function names as directory names ('+' is kept as is)
    path = os.path.join(root, group, name, "new", "estimates.json")
    with open(path) as f:
        est = json.load(f)
    med = est["median"]
    return med["point_estimate"], med["confidence_interval"]["lower_bound"], med["confidence_interval"]["upper_bound"]


def host_line():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores, {cpu}"


def rustc_version():
    try:
        return subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "rustc ?"
