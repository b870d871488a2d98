"""Under CI=true a skipped test (a missing Chromium, PostgreSQL or ../shared) is a failure with its
reason; outside CI it stays a skip. Runs pytest on a throwaway test that skips, with this suite's
conftest."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("body", [
    "import pytest\ndef test_x():\n    pytest.skip('chromium not found at /nowhere')\n",
    "import pytest\npytest.importorskip('no_such_module_here')\ndef test_x():\n    pass\n",
])
def test_skip_fails_only_under_ci(tmp_path, body):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_probe.py").write_text(body)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    quiet = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert quiet.returncode in (0, 5), quiet.stdout  # 5: the module was skipped whole
    assert "skipped" in quiet.stdout
    loud = subprocess.run(cmd, cwd=tmp_path, env={**env, "CI": "true"}, capture_output=True, text=True)
    assert loud.returncode != 0, loud.stdout
    assert "CI=true, so this skip is a failure" in loud.stdout
