"""Names musl's libc as musllinux expects in the shared objects zig linked.

    python packaging/musl_libc_soname.py PATCHELF FILE...

zig links a musl shared object against its libc stub, whose name is
``libc.so``. musl's loader takes any ``libc.*`` for itself, so that loads on
every musl system, but musllinux (PEP 656, as auditwheel checks it) allows
``libc.musl-x86_64.so.1`` alone, the name Alpine's musl has and the one
wheels built on Alpine record. FILE is a ``.whl`` (its shared objects are
patched and the wheel's RECORD updated) or a shared object (patched in place).
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile
from typing import List

ZIG_LIBC = "libc.so"
MUSL_LIBC = "libc.musl-x86_64.so.1"


def patch_shared_object(patchelf: str, path: pathlib.Path) -> bool:
    needed = subprocess.run([patchelf, "--print-needed", str(path)], check=True, capture_output=True, text=True)
    if ZIG_LIBC not in needed.stdout.split():
        return False
    subprocess.run([patchelf, "--replace-needed", ZIG_LIBC, MUSL_LIBC, str(path)], check=True)
    return True


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def patch_wheel(patchelf: str, wheel: pathlib.Path) -> int:
    patched = 0
    with zipfile.ZipFile(wheel) as source:
        infos = source.infolist()
        contents = {info.filename: source.read(info) for info in infos}
    with tempfile.TemporaryDirectory() as scratch:
        for name in contents:
            if not name.endswith(".so"):
                continue
            path = pathlib.Path(scratch) / pathlib.Path(name).name
            path.write_bytes(contents[name])
            if patch_shared_object(patchelf, path):
                contents[name] = path.read_bytes()
                patched += 1
    record_name = next(name for name in contents if name.endswith(".dist-info/RECORD"))
    lines: List[str] = []
    for line in contents[record_name].decode().splitlines():
        name = line.split(",", 1)[0]
        if name.endswith(".so") and name in contents:
            line = f"{name},{record_hash(contents[name])},{len(contents[name])}"
        lines.append(line)
    contents[record_name] = ("\n".join(lines) + "\n").encode()
    temporary = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w") as target:
        for info in infos:
            target.writestr(info, contents[info.filename], compress_type=zipfile.ZIP_DEFLATED)
    temporary.replace(wheel)
    return patched


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    patchelf = argv[0]
    for file in map(pathlib.Path, argv[1:]):
        count = patch_wheel(patchelf, file) if file.suffix == ".whl" else int(patch_shared_object(patchelf, file))
        if count == 0:
            print(f"musl_libc_soname: {file.name} needs no `{ZIG_LIBC}`; nothing to patch", file=sys.stderr)
            return 1
        print(f"{file.name}: {ZIG_LIBC} -> {MUSL_LIBC} ({count} shared object(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
