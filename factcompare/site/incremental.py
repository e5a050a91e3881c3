"""Re-render only what changed: a manifest of the last good build and hard links to its files.

The manifest maps each generated file (fact and article pages, facts/<id>.json, redirects; not
facts.json, which any changed article changes) to the digest of what it was made from (see
`digests`), plus the file's inode, size and modification time. The next build links every file whose digest is unchanged from the current site
into the staging folder, instead of rendering it; MkDocs never sees those files, so it writes none of
them. A file that is not what the manifest says (another tool rewrote the site) is rendered anew.

The manifest lives in the cache folder (`.cache/factcompare/render/`), one per output folder, not in
the site: the site is published as it is, and `mkdocs build` into the same folder leaves files whose
inode or time no longer match, so a stale manifest can only cost a render, never serve a wrong file.
It is written after the new site is swapped in. Linking never writes: the old site stays as it was
until the swap, so a build that fails halfway leaves the last good site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from ..cache import code_fingerprint

log = logging.getLogger(__name__)

MANIFEST_VERSION = 2
RENDER_DIR = "render"
Entry = tuple[str, int, int, int]  # digest, inode, size, mtime_ns


def manifest_path(cache_folder: Path, out: Path) -> Path:
    """The manifest of the site in `out`, inside the cache folder."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:24]
    return cache_folder / RENDER_DIR / f"{key}.json"


def preview_versions() -> dict[str, str]:
    """What draws the preview images besides our code: Pillow (and the FreeType in its wheel), the font."""
    from importlib import metadata

    return {name: metadata.version(name) for name in ("pillow", "matplotlib")}


def render_salt(config: Any) -> str:
    """Everything every page depends on besides its own models: site code, templates, config values."""
    import jinja2
    import mkdocs

    h = hashlib.sha256(code_fingerprint().encode())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        folder = Path(custom_dir)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    values = {"site_name": config.site_name, "site_url": config.site_url,
              "use_directory_urls": config.use_directory_urls, "locale": str(config.theme.get("locale") or "en"),
              "mkdocs": mkdocs.__version__, "jinja2": jinja2.__version__, **preview_versions()}
    h.update(json.dumps(values, sort_keys=True, default=str).encode())
    return h.hexdigest()


class Previous:
    """The last good site and its manifest; lends unchanged files to the next build."""

    def __init__(self, site: Path, entries: dict[str, Entry],
                 stories: dict[str, tuple[str, list[str]]] | None = None) -> None:
        self.site = site
        self.entries = entries
        self.stories = stories or {}  # story id -> the key it was built from, and its files
        self._made: set[str] = set()  # folders of the staging site made so far (one mkdir per folder)

    @classmethod
    def load(cls, manifest: Path, site: Path) -> Previous | None:
        """None when there is no usable manifest or no site: the build renders everything."""
        if not site.is_dir():
            return None
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return None
            entries = {path: (str(e[0]), int(e[1]), int(e[2]), int(e[3])) for path, e in data["files"].items()}
            stories = {str(sid): (str(s["key"]), [str(p) for p in s["files"]]) for sid, s in data["stories"].items()}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            log.info("render manifest %s unusable (%s); rendering everything", manifest, error)
            return None
        return cls(site, entries, stories)

    def story_intact(self, story_id: str, key: str) -> bool:
        """Whether the last build made story `story_id` from the same inputs (`key`) and every file it made
        is still as it was: then this build links them all and need not even read the story."""
        known = self.stories.get(story_id)
        if known is None or known[0] != key:
            return False
        for path in known[1]:
            entry = self.entries.get(path)
            try:
                st = os.stat(os.path.join(self.site, path))
            except OSError:
                return False
            if entry is None or (st.st_ino, st.st_size, st.st_mtime_ns) != entry[1:]:
                return False
        return True

    def reuse_story(self, story_id: str, key: str, staging: Path) -> dict[str, Entry] | None:
        """Link every file of a story `story_intact` vouched for into `staging` (each file is checked
        again as it is linked); their entries, or None if one could not be."""
        known = self.stories.get(story_id)
        if known is None or known[0] != key:
            return None
        linked = {}
        for path in known[1]:
            entry = self.entries.get(path)
            entry = self.reuse(path, entry[0], staging) if entry is not None else None
            if entry is None:
                return None
            linked[path] = entry
        return linked

    def reuse(self, path: str, digest: str, staging: Path) -> Entry | None:
        """Link the last build's `path` into `staging` when its digest is `digest` and the file is as the
        manifest says; its entry for the new manifest, or None (render it)."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != digest:
            return None
        source = os.path.join(self.site, path)  # strings, not Paths: this runs for every file of a site
        try:
            st = os.stat(source)
        except OSError:
            return None
        if (st.st_ino, st.st_size, st.st_mtime_ns) != entry[1:]:
            return None
        target = os.path.join(staging, path)
        try:
            folder = os.path.dirname(target)
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            linked = link_or_copy(source, target)
        except OSError as error:
            log.info("cannot reuse %s (%s); rendering it", path, error)
            return None
        if not linked:  # copied: the new file has its own identity
            st = os.stat(target)
        return (digest, st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self, path: str) -> str | None:
        """The text of a file of the last site that the manifest vouches for (see `reuse`)."""
        entry = self.entries.get(path)
        source = self.site / path
        try:
            st = source.stat()
            if entry is None or (st.st_ino, st.st_size, st.st_mtime_ns) != entry[1:]:
                return None
            return source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


def link_or_copy(source: str | Path, target: str | Path) -> bool:
    """A hard link (no bytes copied), True; a copy where links are impossible (another device, no
    support), False. Never overwrites: `target` must not exist, so nothing is written through a link."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        raise
    except OSError:
        with open(source, "rb") as src, open(target, "xb") as dst:  # "x": fails rather than overwrite
            shutil.copyfileobj(src, dst)
        shutil.copystat(source, target)
        return False


def stat_entry(site: Path, path: str, digest: str) -> Entry | None:
    try:
        st = (site / path).stat()
    except OSError:
        return None
    return (digest, st.st_ino, st.st_size, st.st_mtime_ns)


def write_manifest(manifest: Path, entries: dict[str, Entry], stories: dict[str, tuple[str, list[str]]] | None = None) -> None:
    """Write atomically (temporary file, then rename); a failure costs the next build a full render.
    `stories`: story id -> its key and files (a site of many stories), for `Previous.story_intact`."""
    data = {"version": MANIFEST_VERSION, "files": {p: list(e) for p, e in sorted(entries.items())},
            "stories": {sid: {"key": key, "files": sorted(files)} for sid, (key, files) in sorted((stories or {}).items())}}
    try:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        temp = manifest.with_name(manifest.name + ".tmp")
        temp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, manifest)
    except OSError as error:
        log.warning("cannot write render manifest %s: %s", manifest, error)


def forget(manifest: Path) -> None:
    manifest.unlink(missing_ok=True)
