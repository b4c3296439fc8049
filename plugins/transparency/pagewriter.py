"""Pelican's writer, carrying each page whose template and every value it reads are unchanged over from the
previous build (outputs.Outputs) instead of rendering it, and never writing through a file already there."""

import contextlib
import os

from pelican.writers import Writer

from .fingerprint import sha
from .outputs import Outputs


class CarryingWriter(Writer):
    """Pelican's writer, but a page whose template and every value it reads are unchanged is carried over
    from the previous build instead of rendered."""

    outputs: Outputs | None = None  # set by pelican_hooks for the build that uses this class
    _keeping: list[str] | tuple = ()  # the pages of the write in hand that are carried, not written

    def write_file(self, name, template, context, *args, **kwargs):
        outputs = type(self).outputs
        if outputs is None or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        page = KeepingTemplate(template, outputs, self._site_addresses(context))
        self._keeping = page.kept
        try:
            super().write_file(name, page, context, *args, **kwargs)
        finally:
            self._keeping = ()
        for kept in page.kept:
            outputs.carry(kept, outputs.files[kept], checked=True)

    def _open_w(self, filename, encoding, override=False):
        """Pelican's, but a file already there is replaced, never written through: in the preview's standby
        folder it may be a hard link to the live site's (standby.py); a page kept is not written at all."""
        outputs = type(self).outputs
        if outputs is not None and filename not in self._overridden_files:
            if os.path.relpath(filename, outputs.output) in self._keeping:
                self._written_files.add(filename)
                return open(os.devnull, "w", encoding=encoding)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def _site_addresses(self, context) -> str:
        if getattr(self, "_addresses", None) is None:
            content = {**context.get("generated_content", {}), **context.get("static_content", {})}
            self._addresses = sha(
                repr(
                    sorted(
                        (path, getattr(c, "url", ""), getattr(c, "save_as", ""))
                        for path, c in content.items()
                    )
                )
            )
        return self._addresses


class KeepingTemplate:
    """Stands in for a template while Pelican writes one page (or each page of a paginated list)."""

    def __init__(self, template, outputs: Outputs, addresses: str) -> None:
        self.template, self.outputs, self.addresses = template, outputs, addresses
        self.reads = outputs.template_reads(template.environment)
        self.kept: list[str] = []

    def render(self, localcontext) -> str:
        name = localcontext["output_file"]
        key = self.key(localcontext)
        if key is not None and self.outputs._intact(name, key):
            self.outputs.made(name, key)
            self.kept.append(name)
            return ""
        self.outputs.made(name, key)
        return self.template.render(localcontext)

    def key(self, localcontext) -> str | None:
        sources, names = self.reads.of(self.template.name)
        if names is None:
            return None
        environment_globals = self.template.environment.globals
        of = self.outputs.digests.of
        values = [
            f"{n}={of(localcontext[n] if n in localcontext else environment_globals.get(n))}"
            for n in sorted(names | {"SITEURL", "localsiteurl", "output_file"})
        ]
        return sha("\0".join([self.outputs.made_from, self.addresses, sources, *values]))
