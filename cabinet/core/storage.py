"""Static files: hashed names and gzip, without brotli.

Brotli (installed as a dependency of the PDF library) at its highest level took close to a
minute on the API docs' bundles at every `cabinet serve`; gzip is enough for a firm's
intranet and takes a few seconds.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)
