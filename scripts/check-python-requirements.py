"""Exit 0 when every requirement in the given file is installed, 1 otherwise."""
import sys
from importlib import metadata

missing = []
for line in open(sys.argv[1], encoding="utf-8"):
    name = line.split("#")[0].strip()
    if not name:
        continue
    for separator in ("==", ">=", "<=", "~=", ">", "<"):
        name = name.split(separator)[0]
    try:
        metadata.version(name.strip())
    except metadata.PackageNotFoundError:
        missing.append(name.strip())
sys.exit(1 if missing else 0)
