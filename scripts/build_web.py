"""Copy the map page's front-end libraries from web/node_modules into the served static folder.

`make web` runs `npm ci` in web/ (exact versions from web/package-lock.json) and then this script.
The copies land in src/marsad/serve/static/vendor/, which is generated and never committed; each
package's licence file goes with it, and vendor/MANIFEST.json records what was copied from which
version, so the page (and its browser test) can tell whether the optional packages are there.

Usage: python scripts/build_web.py [--web web] [--static src/marsad/serve/static]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Package:
    name: str
    files: tuple[str, ...]  # paths inside the package, copied to vendor/<name>/ keeping their layout
    licence: str
    required: bool


# Only what the page loads: the minified builds, their stylesheets and images, and the one
# world-atlas file the offline background draws (countries at 1:50m: borders that hold up at
# province zoom levels without the 3.6 MB of the 1:10m file).
PACKAGES = (
    Package(
        "leaflet",
        (
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
        ),
        "LICENSE",
        required=True,
    ),
    Package(
        "leaflet.markercluster",
        ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"),
        "MIT-LICENCE.txt",
        required=True,
    ),
    Package("topojson-client", ("dist/topojson-client.min.js",), "LICENSE", required=False),
    Package("world-atlas", ("countries-50m.json",), "LICENSE", required=False),
)


class BuildError(Exception):
    """The libraries cannot be copied (not installed, or a file missing from a package)."""


def installed_version(node_modules: Path, name: str) -> str | None:
    manifest = node_modules / name / "package.json"
    if not manifest.is_file():
        return None
    version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    return str(version) if version else None


def locked_versions(web: Path) -> dict[str, str]:
    lock = web / "package-lock.json"
    if not lock.is_file():
        raise BuildError(f"{lock} not found")
    packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    return {
        path.removeprefix("node_modules/"): str(entry.get("version"))
        for path, entry in packages.items()
        if path.startswith("node_modules/")
    }


def build(web: Path, static: Path) -> dict[str, dict[str, object]]:
    """Copy every installed package into ``static/vendor`` (replacing what was there) and return
    the manifest. A required package that is missing, or installed at a version other than the
    locked one, is an error: the page must run on exactly what package-lock.json names."""
    node_modules = web / "node_modules"
    locked = locked_versions(web)
    vendor = static / "vendor"
    staging = static / "vendor.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    manifest: dict[str, dict[str, object]] = {}
    try:
        for pkg in PACKAGES:
            version = installed_version(node_modules, pkg.name)
            if version is None:
                if pkg.required:
                    raise BuildError(f"{pkg.name} is not installed in {node_modules}: run `npm ci` in {web}")
                continue
            if locked.get(pkg.name) != version:
                raise BuildError(
                    f"{pkg.name} {version} is installed but package-lock.json pins {locked.get(pkg.name)}:"
                    f" run `npm ci` in {web}"
                )
            copied = []
            for rel in (*pkg.files, pkg.licence):
                src = node_modules / pkg.name / rel
                if not src.is_file():
                    raise BuildError(f"{src} not found in {pkg.name} {version}")
                dest = staging / pkg.name / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                copied.append(f"{pkg.name}/{rel}")
            manifest[pkg.name] = {"version": version, "licence": f"{pkg.name}/{pkg.licence}", "files": copied}
        (staging / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        # Swap in the complete folder only at the end, so a failed copy never leaves half a vendor/.
        if vendor.exists():
            shutil.rmtree(vendor)
        staging.rename(vendor)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=Path, default=ROOT / "web")
    parser.add_argument("--static", type=Path, default=ROOT / "src" / "marsad" / "serve" / "static")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.web, args.static)
    except BuildError as exc:
        print(f"build_web: {exc}", file=sys.stderr)
        return 1
    listed = ", ".join(f"{name} {entry['version']}" for name, entry in manifest.items())
    print(f"build_web: copied {listed} into {args.static / 'vendor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
