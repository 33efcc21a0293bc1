"""Make sure Debian's chromium is there for the browser tests, installing it when we can.

Browser tests drive /usr/bin/chromium (never a downloaded browser build). As root with apt-get
this installs it; otherwise it says how, and the browser tests skip (under CI=true they fail).
"""

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium for the browser tests…", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
        if result.returncode == 0 and os.path.exists(CHROMIUM):
            return 0
    print(
        f"Browser tests need Chromium at {CHROMIUM}: install it with "
        "`sudo apt-get install chromium` "
        "(or set CHROMIUM_PATH). Without it the browser tests are skipped.",
        file=sys.stderr,
    )
    return 1 if os.environ.get("CI") == "true" else 0


if __name__ == "__main__":
    sys.exit(main())
