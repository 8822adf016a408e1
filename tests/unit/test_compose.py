"""docker-compose.yml is a valid Compose file (checked offline against the compose spec)."""

import subprocess
import sys
from pathlib import Path

from arshif.paths import PROJECT_ROOT


def test_compose_file_validates():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec",
                             str(PROJECT_ROOT / "docker-compose.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
