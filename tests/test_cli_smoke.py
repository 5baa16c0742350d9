import subprocess
import sys


def test_python_dash_m_prints_version():
    out = subprocess.run(
        [sys.executable, "-m", "quest_engine", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("quest ")
